"""Results sent to the driver exceeded ``spark.driver.maxResultSize`` (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.spark._common import first_attr, spark_config
from airflow_pipeline_debugger.heuristics.spark.remedies import spark_submit


class MaxResultSize(SignalRule):
    """``Total size of serialized results of N tasks (X) is bigger than spark.driver.maxResultSize (Y)``."""

    id = "spark.max_result_size"
    title = "Result bigger than spark.driver.maxResultSize"
    reads = (S.MAX_RESULT_SIZE,)
    #: The limit was hit: set too tight for a result the driver really needs (config), or an action
    #: that pulls far more to the driver than it should (code). The message alone cannot tell.
    max_confidence = 65

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding with the size and the limit."""
        size, limit = first_attr(hits, "size", "?"), first_attr(hits, "limit", "?")
        tasks = first_attr(hits, "tasks", "?")
        configured = spark_config(bundle).get("spark.driver.maxResultSize", "1g (default)")
        return self.finding(
            title=f"Results to the driver ({size}) exceed spark.driver.maxResultSize ({limit})",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=90,
            summary=(
                f"Spark aborted the job: total size of serialized results of {tasks} "
                f"tasks ({size}) is bigger than spark.driver.maxResultSize ({limit}). An action (collect(), "
                "toPandas(), a large broadcast or many task results) shipped more to the driver than the "
                "limit allows: the limit is too tight for a result the driver needs, or the action pulls "
                "more into the driver than it should."
            ),
            signals=hits[:2],
            details=[("result size", size), ("limit", limit), ("spark.driver.maxResultSize", configured)],
            immediate_fix=(
                "Do not collect the whole dataset: write it out (df.write...) or iterate "
                "(df.toLocalIterator()); "
                "if the driver really needs it, raise spark.driver.maxResultSize together with "
                "spark.driver.memory."
            ),
            change=(
                "Replace collect()/toPandas() with a write or an aggregation done in Spark; if the driver "
                "really needs the result, raise both limits (sizes to fill in):"
            ),
            change_code=[
                spark_submit(
                    bundle, (("spark.driver.maxResultSize", "<larger>"), ("spark.driver.memory", "<larger>"))
                )
            ],
            prevention="Keep collect()/toPandas() for small, bounded results (after limit/aggregation).",
            monitoring="Watch driver memory and result sizes of actions that collect.",
        )
