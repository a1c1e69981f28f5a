"""Share cards: the picture a shared link shows on social media, and the tags that point to it."""
