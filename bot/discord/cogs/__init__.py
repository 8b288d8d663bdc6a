"""One cog per area: asking, looking facts up, and moderating the knowledge base."""
