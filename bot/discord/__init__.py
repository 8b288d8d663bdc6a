"""The Discord adapter: turns interactions into core calls and answers into embeds, nothing more.

This package is `bot.discord`; inside it `import discord` still means discord.py because every
module uses absolute imports. Nothing under `bot.core` may import from here.
"""
