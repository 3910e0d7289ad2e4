"""Licences: signed by the vendor (Ed25519 over canonical JSON bytes), verified offline, enforced
through the install. See docs/licence.md."""
from .clock import Clocks, clock_findings, latest_time  # noqa: F401
from .describe import describe, describe_lines  # noqa: F401
from .errors import LicenceError  # noqa: F401
from .findings import Finding, errors_in, raise_first_error  # noqa: F401
from .install import check_for_install, domain_matches, server_limit, stack_settings  # noqa: F401
from .model import Licence  # noqa: F401
from .validity import days_left, validity_findings  # noqa: F401
from .verify import read_licence_file, read_licence_text  # noqa: F401
