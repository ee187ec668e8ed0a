export SPARK_CONF_DIR=/tmp/ind15-spark/conf-us   # in the environment spark-submit ran with
