"""JobFirst Installer: puts the JobFirst stack onto a customer's own servers, offline."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("jobfirst-installer")
except _metadata.PackageNotFoundError:  # frozen without metadata, or a bare source tree
    __version__ = "0.0.0+unknown"
