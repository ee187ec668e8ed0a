"""The worker ran out of a resource: disk (INFRA; a job's scratch disks: CONFIG) or memory (CONFIG)."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    PipelineType,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

#: The local dirs a cluster manager gives a job's containers for scratch (YARN's NodeManager local
#: dirs, their ``usercache/<user>/appcache/application_…`` layout, Spark's block manager folders,
#: Hadoop's LocalDirAllocator finding none with room): a full one is the job's intermediate data.
_CLUSTER_SCRATCH_RE = re.compile(
    r"blockmgr-|nm-local-dir|local-dirs|spark-local|/appcache/application_|valid local directory for"
)
#: A Hadoop MapReduce task's spill or shuffle merge (Hive, Sqoop, a streaming job), whatever the log.
_MAPREDUCE_SCRATCH_RE = re.compile(
    r"MapOutputBuffer|sortAndSpill|org\.apache\.hadoop\.mapreduce\.task\.reduce\.|mapred\.Merger\b"
)
#: In a Spark log, a full disk met by a shuffle, a spill or a cached block is the job's scratch.
_SPARK_SCRATCH_RE = re.compile(
    r"[Ss]huffle|[Ss]pill|KryoException|DiskBlockObjectWriter|UnsafeExternalSorter|DiskStore\b"
)
#: An executor's task that failed on a full disk with no frame saying where: most often its scratch.
_SPARK_TASK_RE = re.compile(r"Lost task|stage failure")
#: Unless the frames show the job's output writer: the disk the output goes to filled (local mode,
#: a ``file://`` path), not the scratch disks.
_OUTPUT_WRITER_RE = re.compile(
    r"FileFormatWriter|ParquetFileWriter|parquet\.hadoop\.(?:ParquetWriter|InternalParquetRecordWriter)"
    r"|OrcFile|orc\.impl\.(?:WriterImpl|PhysicalFsWriter)|CSVFileFormat|JsonFileFormat"
)


#: A database server reporting its own disk full (PostgreSQL's ``could not extend file``, SQLSTATE
#: 53100): the server's storage, not the task's machine, whatever the job around the client is.
_DATABASE_DISK_RE = re.compile(
    r"could not extend file|could not write to file \"|errors\.DiskFull\b|SQLSTATE:? ?53100\b"
)


class DiskFull(SignalRule):
    """``No space left on device``: a disk the task writes to is full (INFRA)."""

    id = "generic.disk_full"
    title = "Disk full"
    reads = (G.DISK_FULL,)
    supersedes = (*_EXPLAINS, "generic.python_exception")
    #: A node's disk filled by others (infra), a volume too small for the work (config) or an input
    #: that grew (data): the error alone does not say which, so it is never a confident answer.
    max_confidence = 65

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: free space, then retry; a Spark job's scratch disks too small is config."""
        if any(_DATABASE_DISK_RE.search(ln.text[:2000]) for hit in hits for ln in hit.lines):
            return self._database_disk(hits)
        if _spark_scratch(bundle, hits):
            return self._spark_scratch(hits)
        return self.finding(
            title="A disk filled up on the worker",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=87,
            summary=f"Writing failed because the disk is full ({_quote(hits)}).",
            signals=hits[:3],
            immediate_fix="Free space on the worker (temp files, old logs), then clear the task.",
            change="Write large intermediates to object storage; clean temp files in a finally block.",
            prevention="Log retention and temp-dir cleanup on workers; size ephemeral storage on pods.",
            monitoring="Alert at 80% disk use on worker volumes.",
        )

    def _database_disk(self, hits: list[Signal]) -> RuleFinding:
        """The database server the task writes to ran out of disk (INFRA: the server's storage)."""
        return self.finding(
            title="The database server's disk is full",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=80,
            summary=(
                f"The database server could not grow a table's file ({_quote(hits)}): the disk (or "
                "tablespace) it stores data on is full. The task's own machine is not the one out of space."
            ),
            signals=hits[:3],
            immediate_fix=(
                "Have the database's owners free or add space on the server's data volume (old partitions, "
                "bloat, WAL), then clear the task."
            ),
            change="Grow the server's storage, or move large tables to a tablespace with room.",
            prevention="Capacity-plan the database's storage against the loads that write to it.",
            monitoring="Alert at 80% use of the database server's data and tablespace volumes.",
        )

    def _spark_scratch(self, hits: list[Signal]) -> RuleFinding:
        """The executors' local disks are too small for the job's shuffle and spill data (CONFIG)."""
        return self.finding(
            title="The cluster's local scratch disks filled with the job's shuffle and spill data",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=80,
            summary=(
                f"An executor's local disk filled up ({_quote(hits)}): the job writes its shuffle files and "
                "spills there (Spark's spark.local.dir, YARN's NodeManager local dirs, MapReduce's map "
                "outputs), and this job's intermediate data is larger than those disks hold. A retry on the "
                "same nodes fails the same way."
            ),
            signals=hits[:3],
            immediate_fix=(
                "Rerun with more room for intermediate data: larger or more local disks per node, or more "
                "executors so each holds less (point spark.local.dir at the big volume)."
            ),
            change=(
                "Shrink the shuffle: filter and project before the wide step, raise "
                "spark.sql.shuffle.partitions, and check the input for skew."
            ),
            prevention="Size the nodes' local disks for the largest shuffle the job writes.",
            monitoring="Alert on executors' local-disk use and on YARN's unhealthy local dirs.",
        )


def _spark_scratch(bundle: EvidenceBundle, hits: list[Signal]) -> bool:
    """Whether the full disk is a job's scratch: a cluster's local dirs named, or a Spark task's spill."""
    said = [ln.text[:2000] for hit in hits for ln in hit.lines]
    if any(_CLUSTER_SCRATCH_RE.search(text) for text in said):
        return True
    said += [ln.text[:2000] for block in terminal_blocks(bundle) for ln in block.lines]
    if any(_MAPREDUCE_SCRATCH_RE.search(text) for text in said):
        return True
    if bundle.pipeline_type is not PipelineType.SPARK:
        return False
    if any(_SPARK_SCRATCH_RE.search(text) for text in said):
        return True
    return any(_SPARK_TASK_RE.search(text) for text in said) and not any(
        _OUTPUT_WRITER_RE.search(text) for text in said
    )


class OutOfMemory(SignalRule):
    """``MemoryError`` / ``Cannot allocate memory`` inside the task (CONFIG: memory sizing)."""

    id = "generic.out_of_memory"
    title = "Out of memory"
    reads = (G.OUT_OF_MEMORY,)
    supersedes = _EXPLAINS
    #: As airflow.sigkill: a limit too small for the work (config), an input that grew (data), code
    #: that loads everything at once, or a worker shared with other tasks (``Cannot allocate memory``
    #: at a fork) read the same.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding: the task's memory need exceeds what it has."""
        return self.finding(
            title="The task ran out of memory",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=74,
            summary=f"An allocation failed ({_quote(hits)}): the task needs more memory than it has.",
            signals=hits[:3],
            immediate_fix="Re-run on a worker with more free memory.",
            change="Process data in chunks or stream it; size the worker/pod memory from the measured peak.",
            prevention="Memory requests per task on Kubernetes; a dedicated queue for heavy tasks.",
            monitoring="Track peak RSS per task.",
        )
