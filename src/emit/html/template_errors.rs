//! Template errors as diagnostics: each Tera error at its template file, line and column
//! (several for one error that holds every unknown filter of every template), and one error
//! per place in a template however many pages it breaks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::theme::Theme;

/// What a page adds to the message of a template error it met.
const WHILE_RENDERING: &str = " (while rendering ";

/// Turns a Tera error met while rendering a page into a diagnostic naming the template file,
/// line and column, and the page.
pub(super) fn template_diagnostic(error: &tera::Error, theme: &Theme, page: &str) -> Diagnostic {
    let mut problems = template_diagnostics(error, theme);
    let mut first = problems.swap_remove(0);
    first.message = format!("{}{WHILE_RENDERING}{page})", first.message);
    first.hint = Some(
        "check the variable names against the README's list of template variables".to_string(),
    );
    first
}

/// Turns a Tera error into diagnostics naming each template file, line and column (one error
/// can hold several problems: every unknown filter of every template); never empty.
pub(super) fn template_diagnostics(error: &tera::Error, theme: &Theme) -> Vec<Diagnostic> {
    let at = |name: &str, line: usize, col: usize, message: &str| {
        at_template(theme, name, (line, col), message)
    };
    let line_of = |name: &str, needle: &str| first_line_with(theme, name, needle);
    let problems = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            vec![at(
                report.filename(),
                report.span().start_line,
                report.span().start_col + 1,
                report.message(),
            )]
        }
        tera::ErrorKind::Msg(text) => drawn_reports(text, theme),
        tera::ErrorKind::MissingParent { current, parent } => vec![at(
            current,
            line_of(current, "extends"),
            1,
            &format!("`{current}` extends `{parent}`, which no template folder has"),
        )],
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![at(
            tpl,
            line_of(tpl, "extends"),
            1,
            &format!(
                "`{tpl}` extends itself through {}",
                inheritance_chain.join(" → ")
            ),
        )],
        tera::ErrorKind::CircularInclude { tpl, include_chain } => vec![at(
            tpl,
            line_of(tpl, "include"),
            1,
            &format!(
                "`{tpl}` includes itself through {}",
                include_chain.join(" → ")
            ),
        )],
        _ => vec![at("", 1, 1, &error.to_string())],
    };
    if problems.is_empty() {
        vec![at("", 1, 1, &error.to_string())]
    } else {
        problems
    }
}

/// A template problem at its file (the template's origin), line and column.
fn at_template(
    theme: &Theme,
    name: &str,
    (line, col): (usize, usize),
    message: &str,
) -> Diagnostic {
    let origin = match theme.templates.get(name) {
        Some(template) => template.origin.clone(),
        None if name.is_empty() => PathBuf::from("templates"),
        None => Path::new("templates").join(name),
    };
    Diagnostic::error(origin, message.trim_start_matches("error: ").trim())
        .at(line.max(1), col.max(1))
        .with_hint("fix the template")
}

/// The line of the first mention of `needle` in a template, for errors Tera gives no place.
fn first_line_with(theme: &Theme, name: &str, needle: &str) -> usize {
    theme.templates.get(name).map_or(1, |t| {
        t.text
            .lines()
            .position(|l| l.contains(needle))
            .map_or(1, |i| i + 1)
    })
}

/// Problems found once every template is loaded (unknown filters, functions, tests and
/// included templates) come as reports drawn in one text: each is read back.
fn drawn_reports(text: &str, theme: &Theme) -> Vec<Diagnostic> {
    text.split("\n\n")
        .filter(|report| !report.trim().is_empty())
        .map(|report| {
            let message = report.lines().next().unwrap_or_default();
            let place = report
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(|place| {
                    let mut parts = place.rsplitn(3, ':');
                    let col = parts.next()?.trim().parse().ok()?;
                    let line = parts.next()?.trim().parse().ok()?;
                    Some((parts.next()?.to_string(), line, col))
                });
            match place {
                Some((name, line, col)) => at_template(theme, &name, (line, col), message),
                None => at_template(theme, "", (1, 1), message),
            }
        })
        .collect()
}

/// One error per problem in a template, not one per page it breaks: errors at one place of one
/// template are merged into the first page's, which says how many other pages met it.
pub(crate) fn merge_page_problems(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut places: BTreeMap<(PathBuf, usize, usize), (Diagnostic, usize)> = BTreeMap::new();
    for problem in problems {
        let key = (problem.path.clone(), problem.line, problem.col);
        match places.entry(key) {
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert((problem, 0));
            }
            std::collections::btree_map::Entry::Occupied(mut entry) => {
                let (first, others) = entry.get_mut();
                *others += 1;
                if problem.message < first.message {
                    *first = problem;
                }
            }
        }
    }
    places
        .into_values()
        .map(|(mut problem, others)| {
            if others > 0 && problem.message.ends_with(')') {
                problem.message.pop();
                problem.message.push_str(&format!(
                    " and {others} other page{})",
                    if others == 1 { "" } else { "s" }
                ));
            }
            problem
        })
        .collect()
}
