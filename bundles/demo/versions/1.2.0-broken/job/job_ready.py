"""The deliberately broken demo version: the job service never becomes ready, so an upgrade to it must
roll back. (Its migration runs like 1.1.0's, so the rollback has to cope with a migrated schema.)"""


def problem():
    return "job index migration 1.2.0 failed (deliberately broken demo version)"
