//! The command line: every subcommand, its options and its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stancegraph::{Hedge, PartialDate, RelationKind, StatementKind};

const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  the data has problems (check, merge, import, or a dataset a query loads)
  2  usage error: bad arguments, an unknown dataset, actor, event or statement name,
     an invalid query setting
  3  a file could not be read or written
  4  Graphviz is needed (dot --render) and is missing or failed";

/// Check, merge, query and draw stancegraph datasets: who said what, about whom,
/// when, and through which outlet.
///
/// A dataset is a JSON file (docs/dataset-format.md), a folder of CSV tables
/// (docs/csv-format.md), or an embedded dataset named with --dataset
/// (`stancegraph datasets` lists them).
#[derive(Debug, Parser)]
#[command(name = "stancegraph", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate datasets: every problem on its own line, located
    #[command(after_help = "Example:\n  stancegraph check articles/monday.json articles/tables/\n\n\
        Each problem is printed as `file:line:column: message` (JSON syntax, CSV cells) or\n\
        `file: item `key`: message` (data problems). Exit status 1 when any file has a problem.")]
    Check {
        /// JSON dataset files or folders of CSV tables
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Merge datasets into one and print the merge report
    #[command(
        after_help = "Example:\n  stancegraph merge monday.json tuesday.json --policy reconcile -o week.json"
    )]
    Merge {
        /// JSON dataset files or folders of CSV tables, in the order to merge
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How datasets that describe the same things are merged
        #[arg(long, value_enum, default_value_t = Policy::Strict)]
        policy: Policy,
        /// With --policy reconcile: also unify actors whose names or aliases match
        #[arg(long)]
        match_names: bool,
        /// Write the merged dataset here (JSON); without it, only the report is printed
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Who said what: statements by speaker, target, event, kind, hedge, date, outlet, frame
    #[command(
        after_help = "Examples:\n  stancegraph said --dataset belarus-missile --by Belarus --rolled-up --about Ukraine\n  \
        stancegraph said -f data.json --via state-radio --since 2022-12 --group top"
    )]
    Said(SaidArgs),
    /// How two actors are connected, every hop a cited clause
    #[command(after_help = "Examples:\n  stancegraph path --dataset belarus-missile peskov volfovich\n  \
        stancegraph path --dataset strait-incident vasca hyperborea --k 3 --through-statements")]
    Path(PathArgs),
    /// How aligned two actors are, with the evidence behind the score
    #[command(
        after_help = "Example:\n  stancegraph align --dataset belarus-missile Russia Belarus --as-of 2022-12-29"
    )]
    Align(AlignArgs),
    /// Coalitions by structural balance
    #[command(after_help = "Example:\n  stancegraph blocs --dataset belarus-missile\n  \
        stancegraph blocs --dataset strait-incident atlantis lemuria hyperborea")]
    Blocs(BlocsArgs),
    /// How one actor's stance toward another (or two actors' alignment) moved, day by day
    #[command(after_help = "Examples:\n  stancegraph timeline --dataset belarus-missile Belarus Ukraine\n  \
        stancegraph timeline --dataset belarus-missile Belarus Ukraine --alignment")]
    Timeline(TimelineArgs),
    /// Statements that share a framing tag, side by side (or every tag, with counts)
    #[command(after_help = "Examples:\n  stancegraph framing --dataset strait-incident\n  \
        stancegraph framing --dataset strait-incident provocation")]
    Framing(FramingArgs),
    /// Draw the graph as Graphviz DOT, or render it to SVG or PNG
    #[command(after_help = "Examples:\n  stancegraph dot --dataset belarus-missile -o actors.dot\n  \
        stancegraph dot --dataset belarus-missile --view statements --render svg -o statements.svg\n  \
        stancegraph dot --dataset strait-incident --view neighbourhood --around vasca --depth 1")]
    Dot(DotArgs),
    /// Export the graph as GraphML, for Gephi, NetworkX and yEd
    #[command(after_help = "Example:\n  stancegraph graphml --dataset belarus-missile -o seed.graphml")]
    Graphml {
        #[command(flatten)]
        input: Input,
        /// Write here instead of standard output
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Import bulk data
    #[command(subcommand)]
    Import(Import),
    /// Count a dataset's items by kind
    #[command(after_help = "Example:\n  stancegraph stats --dataset belarus-missile")]
    Stats {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the datasets embedded in the tool
    #[command(after_help = "Example:\n  stancegraph datasets")]
    Datasets {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  stancegraph completions bash > ~/.local/share/bash-completion/completions/stancegraph"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Import a folder of CSV tables (actors.csv, relations.csv, statements.csv,
    /// sources.csv, events.csv) into a JSON dataset
    #[command(after_help = "Example:\n  stancegraph import csv tables/ -o dataset.json\n\n\
        A progress bar shows on standard error when it is a terminal.")]
    Csv {
        /// The folder of tables
        dir: PathBuf,
        /// The JSON dataset to write
        #[arg(short, long, value_name = "OUT.json")]
        output: PathBuf,
    },
}

/// Where the graph comes from: a file or folder, or an embedded dataset.
#[derive(Debug, Args)]
pub struct Input {
    /// A JSON dataset or a folder of CSV tables
    #[arg(
        long,
        short = 'f',
        value_name = "FILE",
        conflicts_with = "dataset",
        required_unless_present = "dataset"
    )]
    pub file: Option<PathBuf>,
    /// An embedded dataset, by name (belarus-missile, strait-incident)
    #[arg(long, short = 'd', value_name = "NAME")]
    pub dataset: Option<String>,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print machine-readable JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Policy {
    /// The same key is the same item; anything else that differs is an error
    Strict,
    /// Unify actors by key, Wikidata id or country code, fold repeated facts
    Reconcile,
}

#[derive(Debug, Args)]
pub struct SaidArgs {
    #[command(flatten)]
    pub input: Input,
    /// Only statements by this speaker (key, name or alias)
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// With --by: count everyone under the speaker in the hierarchy too
    #[arg(long)]
    pub rolled_up: bool,
    /// With --by: count the members of the speaker alliance too
    #[arg(long)]
    pub with_members: bool,
    /// Only statements naming this target
    #[arg(long, value_name = "ACTOR")]
    pub about: Option<String>,
    /// With --about: count targets under it in the hierarchy too
    #[arg(long)]
    pub about_within: bool,
    /// Only statements about this event (key)
    #[arg(long, value_name = "EVENT")]
    pub event: Option<String>,
    /// Only statements of this kind (repeat to allow several)
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<StatementKind>,
    /// Only statements with this hedge: asserted, likely, possible, unlikely (repeat to allow several)
    #[arg(long, value_name = "HEDGE")]
    pub hedge: Vec<Hedge>,
    /// Only statements on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only statements on or before this date
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Only statements carried by this outlet
    #[arg(long, value_name = "OUTLET")]
    pub via: Option<String>,
    /// Only statements with this framing tag
    #[arg(long, value_name = "TAG")]
    pub framing: Option<String>,
    /// Only statements whose text or a framing tag contains this phrase
    #[arg(long, value_name = "TEXT")]
    pub phrase: Option<String>,
    /// Group the statements
    #[arg(long, value_enum, value_name = "BY")]
    pub group: Option<Group>,
    /// Print only how many statements match
    #[arg(long, conflicts_with = "group")]
    pub count: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Group {
    /// By speaker
    Speaker,
    /// By target (a statement with several targets is in each group)
    Target,
    /// By top of the speaker's hierarchy (its state), with the hedge-weighted mean stance per target
    Top,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    #[command(flatten)]
    pub input: Input,
    /// Where the path starts (key, name or alias)
    pub from: String,
    /// Where it ends
    pub to: String,
    /// Only relations of this kind count as hops (repeat for several)
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<RelationKind>,
    /// Follow relations only from `from` to `to`, statements only speaker to target
    #[arg(long)]
    pub directed: bool,
    /// Let "A spoke about B" count as a hop
    #[arg(long)]
    pub through_statements: bool,
    /// The k shortest paths (Yen's algorithm) instead of one
    #[arg(long, value_name = "K", conflicts_with = "all")]
    pub k: Option<usize>,
    /// Every simple path up to --max-len hops
    #[arg(long)]
    pub all: bool,
    /// Longest path, in hops
    #[arg(long, value_name = "HOPS")]
    pub max_len: Option<usize>,
    /// With --all: at most this many paths
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// When the data counts up to.
#[derive(Debug, Args)]
pub struct Cut {
    /// Count only what was known by the end of this date
    #[arg(long, value_name = "DATE", conflicts_with = "through")]
    pub as_of: Option<PartialDate>,
    /// Count statements up to and including this one (key)
    #[arg(long, value_name = "STATEMENT")]
    pub through: Option<String>,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    #[command(flatten)]
    pub input: Input,
    /// One actor (key, name or alias)
    pub a: String,
    /// The other
    pub b: String,
    #[command(flatten)]
    pub cut: Cut,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct BlocsArgs {
    #[command(flatten)]
    pub input: Input,
    /// The actors to group (default: every state)
    pub actors: Vec<String>,
    /// Count only what was known by the end of this date
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<PartialDate>,
    /// Search exactly up to this many actors, beyond that use the heuristic
    #[arg(long, value_name = "N")]
    pub exact_up_to: Option<usize>,
    /// With --json, also give the alignment score of every pair (n·(n−1)/2 entries)
    #[arg(long)]
    pub scores: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub input: Input,
    /// The actor whose stance is followed (with --alignment: one of the pair)
    pub of: String,
    /// The actor it is toward (with --alignment: the other)
    pub toward: String,
    /// Follow the pair's alignment instead of one's stance toward the other
    #[arg(long)]
    pub alignment: bool,
    /// Stance toward exactly `toward`, not anyone under it
    #[arg(long, conflicts_with = "alignment")]
    pub exact: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct FramingArgs {
    #[command(flatten)]
    pub input: Input,
    /// The framing tag (without it: every tag with its count)
    pub tag: Option<String>,
    #[command(flatten)]
    pub json: JsonFlag,
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub input: Input,
    /// What to draw
    #[arg(long, value_enum, default_value_t = DotView::Actors)]
    pub view: DotView,
    /// With --view neighbourhood: the actor at the centre
    #[arg(long, value_name = "ACTOR", required_if_eq("view", "neighbourhood"))]
    pub around: Option<String>,
    /// With --view neighbourhood: how many steps out
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Only what held or was said by the end of this date
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<PartialDate>,
    /// The picture's title (default: the sources)
    #[arg(long, conflicts_with = "no_title")]
    pub title: Option<String>,
    /// No title
    #[arg(long)]
    pub no_title: bool,
    /// No clusters by state
    #[arg(long)]
    pub no_clusters: bool,
    /// No legend
    #[arg(long)]
    pub no_legend: bool,
    /// No edge labels
    #[arg(long)]
    pub no_edge_labels: bool,
    /// Plain Graphviz defaults instead of the crate's colours and shapes
    #[arg(long)]
    pub unstyled: bool,
    /// Lay out left to right
    #[arg(long)]
    pub left_to_right: bool,
    /// Cut labels to this many characters
    #[arg(long, value_name = "CHARS")]
    pub label_length: Option<usize>,
    /// Render with Graphviz (`dot`) to this format instead of printing DOT
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<RenderFormat>,
    /// Write here instead of standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DotView {
    /// Every actor and the relations between them
    Actors,
    /// Speaker → statement → targets, with outlets
    Statements,
    /// Actors, relations, statements and events
    Everything,
    /// Everything within --depth steps of --around
    Neighbourhood,
    /// One node per state (top of the hierarchy), edges labelled with alignment scores
    States,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderFormat {
    /// Scalable vector graphics
    Svg,
    /// A bitmap
    Png,
}

impl RenderFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
        }
    }
}
