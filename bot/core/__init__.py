"""The Discord-free core: knowledge, matching and answers. Never imports discord."""
