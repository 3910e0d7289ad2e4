"""What keeps the job service from being ready, beyond its database and cache. Nothing in a good version."""


def problem():
    return None
