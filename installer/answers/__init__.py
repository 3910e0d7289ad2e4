"""The answer file: one data model, filled from YAML or from the wizard, replayed headless."""
from .loader import load_answers, load_answers_text, validate_file  # noqa: F401
from .secrets import SecretRef  # noqa: F401
