"""Runs the scale-out SQL (sql/who_said_what.sql, sql/alignment.sql) over the Parquet
files that `Graph::write_parquet` writes, on DuckDB or on Apache Spark in local mode,
and prints the benchmark workload's Q2 and Q3 checksums (WORKLOAD.md).

usage: python3 scripts/scale_out.py {duckdb,spark} PARQUET_DIR QUERIES_CSV [--expect Q2 Q3]

PARQUET_DIR holds actors.parquet, actor_ancestors.parquet, statements.parquet and
statement_targets.parquet (`cargo run --features parquet --example scale_out`);
QUERIES_CSV is the workload's queries.csv, whose `said` rows become the table
said_queries(qid, a, b, start_day). With --expect, exits 1 unless both checksums match.
Needs `pip install duckdb` or `pip install pyspark` (and a Java runtime) for the engine.
"""
import csv
import datetime
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLES = ["actors", "actor_ancestors", "statements", "statement_targets"]


def said_queries(path):
    epoch = datetime.date(1970, 1, 1)
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["query"] == "said":
                start = datetime.date.fromisoformat(row["start"])
                rows.append((len(rows) + 1, row["a"], row["b"], (start - epoch).days))
    return rows


def duckdb_engine(parquet_dir, queries):
    import duckdb

    con = duckdb.connect()
    for t in TABLES:
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{parquet_dir}/{t}.parquet')")
    con.execute("CREATE TABLE said_queries (qid INTEGER, a VARCHAR, b VARCHAR, start_day INTEGER)")
    con.executemany("INSERT INTO said_queries VALUES (?, ?, ?, ?)", queries)
    return f"DuckDB {duckdb.__version__}", lambda sql: con.execute(sql).fetchall()


def spark_engine(parquet_dir, queries):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("stancegraph-scale-out")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    for t in TABLES:
        spark.read.parquet(f"{parquet_dir}/{t}.parquet").createOrReplaceTempView(t)
    schema = "qid INT, a STRING, b STRING, start_day INT"
    spark.createDataFrame(queries, schema).createOrReplaceTempView("said_queries")
    return f"Spark {spark.version}", lambda sql: [tuple(r) for r in spark.sql(sql).collect()]


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] not in ("duckdb", "spark"):
        sys.exit(__doc__)
    engine, parquet_dir, queries_csv = args[0], args[1], args[2]
    expect = args[args.index("--expect") + 1 : args.index("--expect") + 3] if "--expect" in args else None
    make = duckdb_engine if engine == "duckdb" else spark_engine
    name, run = make(parquet_dir, said_queries(queries_csv))
    print(f"engine {name}")

    t = time.perf_counter()
    rows = run((ROOT / "sql/who_said_what.sql").read_text())
    q2 = str(sum(int(r[1]) for r in rows))
    print(f"Q2 {time.perf_counter() - t:.3f} {q2}")

    t = time.perf_counter()
    rows = run((ROOT / "sql/alignment.sql").read_text())
    q3 = f"{sum(float(r[2]) for r in rows):.6f}"
    print(f"Q3 {time.perf_counter() - t:.3f} {q3}")

    if expect and [q2, q3] != expect:
        sys.exit(f"checksums {q2} {q3} differ from the expected {expect[0]} {expect[1]}")


if __name__ == "__main__":
    main()
