//! The `stancegraph` command. It only parses arguments and prints: every answer it
//! shows comes from a call of the `stancegraph` library that a Rust program could
//! make too (`show.rs` turns those answers into text).

mod args;
mod show;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use serde::Serialize;
use stancegraph::io::csv::CsvImport;
use stancegraph::io::diagnostic::{Diagnostic, check};
use stancegraph::io::dot::{DotOptions, View};
use stancegraph::model::Dataset;
use stancegraph::query::QueryError;
use stancegraph::{Graph, GraphBuilder, MergePolicy, datasets};

use args::{Cli, Command, DotView, Group, Import, Input, Policy};

/// Why a command failed, and so its exit status.
enum Fail {
    /// Problems in the data (exit 1), each printed on its own line.
    Data(Vec<Diagnostic>),
    /// A usage error (exit 2).
    Usage(String),
    /// A file could not be read or written (exit 3).
    Io(String),
    /// Graphviz is missing or failed (exit 4).
    Graphviz(String),
}

impl From<QueryError> for Fail {
    fn from(e: QueryError) -> Self {
        Fail::Usage(e.to_string())
    }
}

type Outcome = Result<ExitCode, Fail>;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; the rest are usage errors.
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli.command) {
        Ok(code) => code,
        Err(Fail::Data(problems)) => {
            let mut err = std::io::stderr().lock();
            for p in problems {
                let _ = writeln!(err, "{p}");
            }
            ExitCode::from(1)
        }
        Err(Fail::Usage(message)) => fail(2, &message),
        Err(Fail::Io(message)) => fail(3, &message),
        Err(Fail::Graphviz(message)) => fail(4, &message),
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("stancegraph: {message}");
    ExitCode::from(code)
}

fn run(command: Command) -> Outcome {
    match command {
        Command::Check { files, json } => check_files(&files, json.json),
        Command::Merge { files, policy, match_names, output, json } => {
            let policy = match policy {
                Policy::Strict if match_names => {
                    return Err(Fail::Usage("--match-names needs --policy reconcile".into()));
                }
                Policy::Strict => MergePolicy::Strict,
                Policy::Reconcile => MergePolicy::Reconcile { match_names },
            };
            merge(&files, policy, output.as_deref(), json.json)
        }
        Command::Said(a) => said(a),
        Command::Path(a) => path(a),
        Command::Align(a) => {
            let graph = load(&a.input)?;
            let mut query = graph.alignment(&a.a, &a.b);
            if let Some(date) = a.cut.as_of {
                query = query.as_of(date);
            }
            if let Some(statement) = &a.cut.through {
                query = query.through(statement);
            }
            let alignment = query.compute()?;
            let pair = [
                graph.resolve(&a.a).map_err(QueryError::from)?,
                graph.resolve(&a.b).map_err(QueryError::from)?,
            ];
            if a.json.json {
                #[derive(Serialize)]
                struct Out<'g, T> {
                    actors: [stancegraph::ActorRef<'g>; 2],
                    alignment: T,
                }
                return print_json(&Out { actors: pair, alignment });
            }
            print_text(&show::alignment(&graph, &alignment))
        }
        Command::Blocs(a) => {
            let graph = load(&a.input)?;
            let actors: Vec<String> = if a.actors.is_empty() {
                graph
                    .actors()
                    .filter(|x| x.kind() == stancegraph::ActorKind::State)
                    .map(|x| x.key().to_owned())
                    .collect()
            } else {
                a.actors
            };
            let mut query = graph.blocs(&actors);
            if let Some(date) = a.as_of {
                query = query.as_of(date);
            }
            if let Some(n) = a.exact_up_to {
                query = query.exact_up_to(n);
            }
            let blocs = query.compute()?;
            if a.json.json {
                // The pair scores grow with the square of the actors (2 million
                // entries at 2,000), so they are given only when asked for.
                #[derive(Serialize)]
                struct Out<'g, 'b> {
                    groups: Vec<Vec<stancegraph::ActorRef<'g>>>,
                    frustration: f64,
                    contradicting: Vec<(stancegraph::ActorRef<'g>, stancegraph::ActorRef<'g>, f64)>,
                    exact: bool,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    scores: Option<&'b stancegraph::query::AlignmentMatrix<'g>>,
                }
                let groups = blocs
                    .groups
                    .iter()
                    .map(|g| g.iter().filter_map(|&id| graph.actor(id)).collect())
                    .collect();
                let contradicting = blocs
                    .contradicting
                    .iter()
                    .filter_map(|&(x, y, w)| Some((graph.actor(x)?, graph.actor(y)?, w)))
                    .collect();
                return print_json(&Out {
                    groups,
                    frustration: blocs.frustration,
                    contradicting,
                    exact: blocs.exact,
                    scores: a.scores.then_some(&blocs.matrix),
                });
            }
            print_text(&show::blocs(&graph, &blocs))
        }
        Command::Timeline(a) => {
            let graph = load(&a.input)?;
            let pair = [
                graph.resolve(&a.of).map_err(QueryError::from)?,
                graph.resolve(&a.toward).map_err(QueryError::from)?,
            ];
            if a.alignment {
                let timeline = graph.alignment_timeline(pair[0], pair[1]).compute()?;
                if a.json.json {
                    return print_json(&TimelineOut { actors: pair, timeline });
                }
                return print_text(&show::alignment_timeline(&graph, &timeline));
            }
            let mut query = graph.stance_timeline(pair[0], pair[1]);
            if a.exact {
                query = query.exact();
            }
            let timeline = query.compute()?;
            if a.json.json {
                return print_json(&TimelineOut { actors: pair, timeline });
            }
            print_text(&show::stance_timeline(&graph, &timeline))
        }
        Command::Framing(a) => {
            let graph = load(&a.input)?;
            match &a.tag {
                None => {
                    let tags = graph.framing_tags();
                    if a.json.json {
                        return print_json(&tags);
                    }
                    print_text(&tags.iter().map(|(tag, n)| format!("{n:>4}  {tag}\n")).collect::<String>())
                }
                Some(tag) => {
                    let framing = graph.framing(tag);
                    if a.json.json {
                        return print_json(&framing);
                    }
                    print_text(&framing.to_string())
                }
            }
        }
        Command::Dot(a) => dot(a),
        Command::Graphml { input, output } => {
            let graph = load(&input)?;
            write_output(output.as_deref(), graph.to_graphml().as_bytes())
        }
        Command::Import(Import::Csv { dir, output }) => import_csv(&dir, &output),
        Command::Stats { input, json } => {
            let stats = load(&input)?.stats();
            if json.json {
                return print_json(&stats);
            }
            print_text(&stats.to_string())
        }
        Command::Datasets { json } => {
            if json.json {
                #[derive(Serialize)]
                struct Out {
                    name: &'static str,
                    description: &'static str,
                }
                let list: Vec<Out> =
                    datasets::ALL.iter().map(|d| Out { name: d.name, description: d.description }).collect();
                return print_json(&list);
            }
            print_text(
                &datasets::ALL
                    .iter()
                    .map(|d| format!("{:<16} {}\n", d.name, d.description))
                    .collect::<String>(),
            )
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "stancegraph", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Serialize)]
struct TimelineOut<'g, T> {
    actors: [stancegraph::ActorRef<'g>; 2],
    timeline: T,
}

/// The graph an `Input` names.
fn load(input: &Input) -> Result<Graph, Fail> {
    if let Some(name) = &input.dataset {
        return datasets::by_name(name).ok_or_else(|| {
            let known: Vec<&str> = datasets::ALL.iter().map(|d| d.name).collect();
            Fail::Usage(format!("no embedded dataset is called `{name}` (embedded: {})", known.join(", ")))
        });
    }
    let Some(path) = &input.file else {
        return Err(Fail::Usage("give a dataset: --file FILE or --dataset NAME".into()));
    };
    if !path.exists() {
        return Err(Fail::Io(format!("cannot read `{}`: no such file or folder", path.display())));
    }
    check(path).map_err(Fail::Data)
}

fn check_files(files: &[std::path::PathBuf], json: bool) -> Outcome {
    #[derive(Serialize)]
    struct Checked {
        file: String,
        ok: bool,
        problems: Vec<Diagnostic>,
    }
    let results: Vec<Checked> = files
        .iter()
        .map(|f| {
            let problems = check(f).err().unwrap_or_default();
            Checked { file: f.display().to_string(), ok: problems.is_empty(), problems }
        })
        .collect();
    let bad = results.iter().any(|r| !r.ok);
    if json {
        print_json(&results)?;
    } else {
        let mut text = String::new();
        for r in &results {
            if r.ok {
                text.push_str(&format!("{}: ok\n", r.file));
            }
            for p in &r.problems {
                text.push_str(&format!("{p}\n"));
            }
        }
        print_text(&text)?;
    }
    Ok(if bad { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn merge(files: &[std::path::PathBuf], policy: MergePolicy, output: Option<&Path>, json: bool) -> Outcome {
    let mut builder = GraphBuilder::with_policy(policy);
    let mut problems = Vec::new();
    for file in files {
        let label = file.display().to_string();
        let dataset = if file.is_dir() {
            CsvImport::from_dir(file)
                .and_then(CsvImport::build)
                .map(|g| g.to_dataset())
                .map_err(|e| e.diagnostics())
        } else {
            std::fs::read_to_string(file)
                .map_err(|source| {
                    stancegraph::LoadError::File { path: file.clone(), source }.diagnostics(&label)
                })
                .and_then(|text| Dataset::from_json(&text).map_err(|e| e.diagnostics(&label)))
        };
        match dataset {
            Ok(d) => {
                builder.add_labelled_dataset(label, d);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }
    if !problems.is_empty() {
        return Err(Fail::Data(problems));
    }
    let (graph, report) = builder.build_with_report().map_err(|e| {
        let label = files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(" + ");
        Fail::Data(stancegraph::LoadError::from(e).diagnostics(&label))
    })?;
    if let Some(out) = output {
        graph.save_json_file(out).map_err(|e| Fail::Io(format!("cannot write `{}`: {e}", out.display())))?;
    }
    if json {
        return print_json(&report);
    }
    print_text(&format!("{report}\n"))
}

fn said(a: args::SaidArgs) -> Outcome {
    let graph = load(&a.input)?;
    let mut q = graph.said();
    if let Some(by) = &a.by {
        q = q.by(by);
    }
    if a.rolled_up {
        q = q.rolled_up();
    }
    if a.with_members {
        q = q.with_members();
    }
    if let Some(about) = &a.about {
        q = if a.about_within { q.about_within(about) } else { q.about(about) };
    }
    if let Some(event) = &a.event {
        q = q.about_event(event);
    }
    for &kind in &a.kind {
        q = q.kind(kind);
    }
    for &hedge in &a.hedge {
        q = q.hedge(hedge);
    }
    if let Some(date) = a.since {
        q = q.since(date);
    }
    if let Some(date) = a.until {
        q = q.until(date);
    }
    if let Some(via) = &a.via {
        q = q.via(via);
    }
    if let Some(tag) = &a.framing {
        q = q.framing(tag);
    }
    if let Some(phrase) = &a.phrase {
        q = q.phrase(phrase);
    }
    if a.count {
        let n = q.count()?;
        return if a.json.json { print_json(&n) } else { print_text(&format!("{n}\n")) };
    }
    let said = q.statements()?;
    match (a.group, a.json.json) {
        (None, true) => print_json(&said),
        (None, false) => print_text(&said.iter().map(|s| format!("{s}\n")).collect::<String>()),
        (Some(Group::Top), true) => print_json(&said.by_top()),
        (Some(Group::Top), false) => print_text(&show::by_top(&said.by_top())),
        (Some(group), json) => {
            let groups = if group == Group::Speaker { said.by_speaker() } else { said.by_target() };
            if json {
                #[derive(Serialize)]
                struct Out<'a, 'g> {
                    actor: stancegraph::ActorRef<'g>,
                    statements: Vec<&'a stancegraph::query::Attribution<'g>>,
                }
                let out: Vec<Out> =
                    groups.into_iter().map(|(actor, statements)| Out { actor, statements }).collect();
                return print_json(&out);
            }
            print_text(&show::groups(&groups))
        }
    }
}

fn path(a: args::PathArgs) -> Outcome {
    let graph = load(&a.input)?;
    let mut q = graph.paths(&a.from, &a.to);
    if !a.kind.is_empty() {
        q = q.kinds(a.kind.iter().copied());
    }
    if a.directed {
        q = q.directed();
    }
    if a.through_statements {
        q = q.through_statements();
    }
    if let Some(n) = a.max_len {
        q = q.max_len(n);
    }
    if let Some(n) = a.limit {
        q = q.limit(n);
    }
    let set = match (a.k, a.all) {
        (Some(k), _) => q.k_shortest(k)?,
        (None, true) => q.all_simple()?,
        (None, false) => {
            let path = q.shortest()?;
            if a.json.json {
                return print_json(&path);
            }
            return match path {
                Some(p) => print_text(&show::path(&p)),
                None => print_text("no path\n"),
            };
        }
    };
    if a.json.json {
        return print_json(&set);
    }
    print_text(&show::paths(&set))
}

fn dot(a: args::DotArgs) -> Outcome {
    let graph = load(&a.input)?;
    let view = match a.view {
        DotView::Actors => View::Actors,
        DotView::Statements => View::Statements,
        DotView::Everything => View::Everything,
        DotView::States => View::States,
        DotView::Neighbourhood => {
            let around = a.around.as_deref().unwrap_or_default();
            let actor = graph.resolve(around).map_err(QueryError::from)?;
            View::neighbourhood(actor.id(), a.depth)
        }
    };
    let mut options = DotOptions::new().view(view).clusters(!a.no_clusters).legend(!a.no_legend);
    if let Some(date) = a.as_of {
        options = options.as_of(date);
    }
    if let Some(title) = a.title {
        options = options.title(title);
    }
    if a.no_title {
        options = options.no_title();
    }
    if a.no_edge_labels {
        options = options.edge_labels(false);
    }
    if a.unstyled {
        options = options.unstyled();
    }
    if a.left_to_right {
        options = options.left_to_right(true);
    }
    if a.label_length.is_some() {
        options = options.label_length(a.label_length);
    }
    let text = graph.to_dot(&options);
    match a.render {
        None => write_output(a.output.as_deref(), text.as_bytes()),
        Some(format) => {
            let image = show::render(&text, format.as_str()).map_err(Fail::Graphviz)?;
            write_output(a.output.as_deref(), &image)
        }
    }
}

fn import_csv(dir: &Path, output: &Path) -> Outcome {
    if !dir.is_dir() {
        return Err(Fail::Io(format!("cannot read `{}`: not a folder", dir.display())));
    }
    let import = CsvImport::from_dir(dir).map_err(|e| Fail::Data(e.diagnostics()))?;
    // A progress bar only for a person watching: stderr a terminal.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let import = match &bar {
        Some(bar) => import.on_progress(|p| {
            if let Some(total) = p.total_bytes {
                bar.set_length(total);
            }
            bar.set_position(p.bytes_read);
        }),
        None => import,
    };
    let result = import.build();
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let graph = result.map_err(|e| Fail::Data(e.diagnostics()))?;
    graph
        .save_json_file(output)
        .map_err(|e| Fail::Io(format!("cannot write `{}`: {e}", output.display())))?;
    let stats = graph.stats();
    eprintln!(
        "wrote {}: {}, {}, {}, {}",
        output.display(),
        show::count(stats.actors, "actor"),
        show::count(stats.relations, "relation"),
        show::count(stats.events, "event"),
        show::count(stats.statements, "statement")
    );
    Ok(ExitCode::SUCCESS)
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> Outcome {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| Fail::Io(format!("cannot write JSON: {e}")))?;
    print_text(&format!("{text}\n"))
}

fn print_text(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is not an error for the reader.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Fail::Io(format!("cannot write to standard output: {e}"))),
    }
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> Outcome {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
                Err(e) => Err(Fail::Io(format!("cannot write to standard output: {e}"))),
            }
        }
        Some(path) => stancegraph::io::write_atomically(path, |w| w.write_all(bytes))
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| Fail::Io(format!("cannot write `{}`: {e}", path.display()))),
    }
}
