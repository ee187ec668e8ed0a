"""airflow-pipeline-debugger: automatic root-cause investigation of failed Airflow, dbt and Spark tasks.

Importing the package must stay cheap: it is imported by every Airflow component through the plugin
and provider entry points.
"""

from __future__ import annotations

__version__ = "0.1.0"
