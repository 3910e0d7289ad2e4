"""Build facts. The PyInstaller customer build rewrites this file with RELEASE = True, which turns
off everything meant only for developers (such as extra trusted keys from JOBFIRST_DEV_TRUST)."""
RELEASE = False
