//! Line numbers for validation messages, read from the block layout of a provider file, and
//! for flow style (`entries: [{code: X, ...}]`) from its tokens.

use crate::layout::{Tok, Token, scan};
use std::ops::ControlFlow;

/// Finds the line of an entry, a field of it, or a variant, by reading the YAML text.
/// The YAML parser gives no positions for values, so the layout is read directly.
pub(crate) struct Locator<'a> {
    pub(crate) lines: Vec<&'a str>,
    /// 0-based line of each entry's `- ` item (or flow item), in order.
    pub(crate) starts: Vec<usize>,
    entries_line: usize,
    /// Every key and its 0-based line, in order: keys inside flow mappings, which no line starts with.
    keys: Vec<(&'a str, usize)>,
}

/// The keys of `text` with their 0-based lines, and the 0-based lines of the items of a flow
/// sequence under a top-level `entries:`.
fn tokens(text: &str) -> (Vec<(&str, usize)>, Vec<usize>) {
    let (mut keys, mut items) = (Vec::new(), Vec::new());
    let mut prev: Option<Token> = None;
    // The flow depth inside `entries: [`, and whether the next token there starts an item.
    let (mut after_entries, mut inside, mut next_item) = (false, None, false);
    scan(text, |t| {
        match (t.tok, prev) {
            (Tok::Value, Some(Token { tok: Tok::Scalar { start, end }, line, depth })) => {
                let name = text[start..end].trim_matches(|c| c == '"' || c == '\'');
                keys.push((name, line - 1));
                after_entries = name == "entries" && depth == 0;
            }
            (Tok::FlowStart, _) if after_entries => {
                (after_entries, inside, next_item) = (false, Some(t.depth + 1), true);
            }
            (tok, _) if inside == Some(t.depth) => match tok {
                Tok::FlowEntry => next_item = true,
                Tok::FlowEnd => inside = None,
                _ if next_item => {
                    items.push(t.line - 1);
                    next_item = false;
                }
                _ => {}
            },
            _ => after_entries = false,
        }
        prev = Some(*t);
        ControlFlow::Continue(())
    });
    (keys, items)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let entries_line = lines.iter().position(|l| l.starts_with("entries:")).unwrap_or(0);
        let mut starts = Vec::new();
        let mut item_indent = None;
        for (i, line) in lines.iter().enumerate().skip(entries_line + 1) {
            if !is_content(line) {
                continue;
            }
            if indent(line) == 0 && !line.starts_with('-') {
                break;
            }
            let is_item = line.trim_start().starts_with('-');
            match item_indent {
                None if is_item => {
                    item_indent = Some(indent(line));
                    starts.push(i);
                }
                Some(n) if is_item && indent(line) == n => starts.push(i),
                _ => {}
            }
        }
        let (keys, items) = tokens(text);
        if starts.is_empty() {
            starts = items;
        }
        Locator { lines, starts, entries_line, keys }
    }

    fn span(&self, entry: usize) -> (usize, usize) {
        let start = self.starts.get(entry).copied().unwrap_or(self.entries_line);
        let end = self.starts.get(entry + 1).copied().unwrap_or(self.lines.len());
        (start, end)
    }

    /// 1-based line of the entry.
    pub(crate) fn entry(&self, entry: usize) -> usize {
        self.span(entry).0 + 1
    }

    /// 1-based line of `key:` inside the entry, searching from line `from` (0-based) on.
    fn field_from(&self, entry: usize, from: usize, key: &str) -> Option<usize> {
        let (start, end) = self.span(entry);
        let from = from.max(start);
        let at_line_start = (from..end).find(|&i| {
            let t = self.lines[i].trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
        });
        // A key inside a flow mapping (`- {code: X, fix: []}`) starts no line; several flow
        // items may share one line.
        at_line_start.or_else(|| {
            self.keys.iter().find(|&&(k, line)| k == key && line >= from && line < end.max(from + 1)).map(|k| k.1)
        })
    }

    pub(crate) fn field(&self, entry: usize, key: &str) -> usize {
        self.field_from(entry, 0, key).map_or(self.entry(entry), |i| i + 1)
    }

    /// 0-based line of the `variant`-th item under `variants:`.
    fn variant_start(&self, entry: usize, variant: usize) -> Option<usize> {
        let (_, end) = self.span(entry);
        let head = self.field_from(entry, 0, "variants")?;
        let mut items = (head + 1..end).filter(|&i| is_content(self.lines[i]));
        let first = items.clone().find(|&i| self.lines[i].trim_start().starts_with('-'))?;
        let n = indent(self.lines[first]);
        items
            .by_ref()
            .filter(|&i| indent(self.lines[i]) == n && self.lines[i].trim_start().starts_with('-'))
            .nth(variant)
    }

    pub(crate) fn variant_field(&self, entry: usize, variant: usize, key: &str) -> usize {
        match self.variant_start(entry, variant) {
            Some(v) => self.field_from(entry, v, key).map_or(v + 1, |i| i + 1),
            None => self.field(entry, "variants"),
        }
    }
}
