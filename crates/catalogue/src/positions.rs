//! Line numbers for validation messages, read from the block layout of a provider file.

/// Finds the line of an entry, a field of it, or a variant, by reading the YAML text.
/// The YAML parser gives no positions for values, so the block layout is read directly.
pub(crate) struct Locator<'a> {
    pub(crate) lines: Vec<&'a str>,
    /// 0-based line of each entry's `- ` item, in order.
    pub(crate) starts: Vec<usize>,
    entries_line: usize,
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
        Locator { lines, starts, entries_line }
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
        (from.max(start)..end).find(|&i| {
            let t = self.lines[i].trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
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
