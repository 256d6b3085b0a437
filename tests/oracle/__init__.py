"""Independent Python reference implementation ("oracle") of the segmentation spec."""

from .oracle import DEFAULT_VARS, SEGMENT_IDS, OracleResult, compute, write_expected

__all__ = ["DEFAULT_VARS", "SEGMENT_IDS", "OracleResult", "compute", "write_expected"]
