"""Text-overlap checking (重合度检查): contract /work/shared/spec/overlap-v1.md.

Pure Python and numpy: nothing here imports Django, so the command line, batch jobs and the
web application share it. The pipeline: `normalize` (counted characters and their original
offsets) → `fingerprint` (winnowing) → an `IndexBackend` picks candidate sources →
`align` (every maximal shared run, exactly) → `report` (the contract's JSON).
"""

from .align import DEFAULT_MIN_LEN, shared_runs
from .extract import ExtractError, extract
from .fingerprint import GUARANTEE, fingerprints
from .index import FileIndex, IndexBackend, IndexUnusable
from .normalize import Normalized, normalize
from .report import Checker, Report, brute_force_report, build_report

__all__ = ["DEFAULT_MIN_LEN", "GUARANTEE", "Checker", "ExtractError", "FileIndex",
           "IndexBackend", "IndexUnusable", "Normalized", "Report", "brute_force_report",
           "build_report", "extract", "fingerprints", "normalize", "shared_runs"]
