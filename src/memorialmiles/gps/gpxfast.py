"""Placeholder: replaced by the fast reader."""


def read_fast(data, file):
    return None
