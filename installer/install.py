"""The whole install as one list of steps, in order; the CLI and the wizard both run it.
Gates first (licence, checks, bundle, certificate: they read and refuse, nothing changes), then the
steps that change the servers, after the single commit point."""
from __future__ import annotations

from .bundle.step import BundleVerifyStep
from .checks.step import PreflightStep
from .deploy.layout import InstallDirStep
from .deploy.stack import DeployStep
from .firewall.step import FirewallStep
from .images import ImagesStep
from .licence.step import LicenceStep
from .tls.install import TlsStep


def steps_for(answers) -> list:
    # The install directory first: its plan only reads, and every later step writes into it.
    return [InstallDirStep(), LicenceStep(), PreflightStep(), BundleVerifyStep(), TlsStep(), FirewallStep(),
            ImagesStep(), DeployStep()]
