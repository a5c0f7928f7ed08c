//! docs/scale-out.md shows the SQL that `scripts/scale_out.py` runs (and CI checks
//! on DuckDB): the two must not drift apart.

#[test]
fn the_doc_shows_the_sql_files_verbatim() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/scale-out.md")).expect("doc");
    for file in ["sql/who_said_what.sql", "sql/alignment.sql"] {
        let sql = std::fs::read_to_string(root.join(file)).expect("sql file");
        assert!(
            doc.contains(&format!("```sql\n{sql}```")),
            "{file} is not shown verbatim in docs/scale-out.md"
        );
    }
}
