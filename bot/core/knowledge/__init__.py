"""Knowledge: the fact files, their sources and references, read strictly into a KnowledgeBase."""
