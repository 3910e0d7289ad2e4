"""The offline bundle: format (manifest, blobs, signature), verification, and the vendor's build.
Format: bundles/README.md."""
from .bundle import Bundle
from .errors import BundleError
from .layers import SendPlan, chain_ids, plan_send, present_chain_ids, present_from_inspect
from .manifest import FORMAT, MANIFEST_NAME, SIGNATURE_NAME, Image, Layer, Manifest, blob_path
from .verify import VerifyReport

__all__ = ["Bundle", "BundleError", "SendPlan", "chain_ids", "plan_send", "present_chain_ids", "present_from_inspect", "FORMAT",
           "MANIFEST_NAME", "SIGNATURE_NAME", "Image", "Layer", "Manifest", "blob_path", "VerifyReport"]
