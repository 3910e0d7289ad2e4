"""Build facts. The customer build (scripts/build-binary --release) ships a generated module with
RELEASE = True in this one's place (build.spec); this file is never rewritten. RELEASE turns off
everything meant only for developers, such as extra trusted keys from JOBFIRST_DEV_TRUST."""
RELEASE = False
