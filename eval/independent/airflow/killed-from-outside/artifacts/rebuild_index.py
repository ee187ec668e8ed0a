import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG("search_index_rebuild", start_date=pendulum.datetime(2026, 12, 1, tz="UTC"), schedule="@daily", catchup=False):
    BashOperator(
        task_id="rebuild_search_index",
        bash_command=(
            "python3 -u -c \""
            "import time\n"
            "print('rebuild_index: 64 shards; previous zombie lock evicted; retrying lease ... acquired', flush=True)\n"
            "for i in range(1, 65):\n"
            "    time.sleep(1)\n"
            "    print(f'shard {i}/64 indexed docs={12000 + i * 13} timeout_errors=0', flush=True)\n"
            "\""
        ),
    )
