"""A share link's token: long and random (`secrets`), given once to the person who made the link and
stored only as a hash. SHA-256 without a salt is enough for 256 random bits (nothing to guess from the
hash) and lets a token be looked up by its hash, as django-rest-knox does with API tokens."""

import hashlib
import secrets

TOKEN_BYTES = 32  # 43 characters in a URL
MAX_TOKEN_LENGTH = 100  # a longer text in a URL is no token of ours: it is not even hashed
SHOWN_START = 6  # characters of a token kept to tell links apart in the list ("Starts with")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_a_token(text: str) -> bool:
    """Whether `text` could be a token at all (an address's segment is any text): URL-safe characters,
    at most MAX_TOKEN_LENGTH of them."""
    return 0 < len(text) <= MAX_TOKEN_LENGTH and all(
        char.isascii() and (char.isalnum() or char in "-_") for char in text
    )
