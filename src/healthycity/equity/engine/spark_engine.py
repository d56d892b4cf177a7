"""Run the cells query on Apache Spark (PySpark). Local mode by default; for a cluster, set
SPARK_MASTER. Nothing is downloaded: no packages or jars are requested."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd


@lru_cache(maxsize=1)
def session():
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[2]"))
        .appName("healthycity-equity")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def run(sql: str, paths: Sequence[Path]) -> pd.DataFrame:
    spark = session()
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.parquet(*[str(p) for p in paths]).createOrReplaceTempView("snapshot")
    return spark.sql(sql).toPandas()
