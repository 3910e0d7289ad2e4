"""TLS certificates for the gateway: load what the customer has (PEM, DER, PKCS#7, PKCS#12,
encrypted keys), check it is fit to install, and make an evaluation certificate when asked."""
from .checker import check_answers_tls, check_certificate  # noqa: F401
from .evaluation import EvalFiles, generate_eval  # noqa: F401
from .problems import CertificateRefused, TlsProblem  # noqa: F401
from .report import CertReport  # noqa: F401
