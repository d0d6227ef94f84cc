//! The token layout of a YAML text, read the way libyaml (the parser under serde_yaml_ng) reads
//! it, without building anything. Two uses:
//!
//! - **Bounds before parsing.** libyaml takes time quadratic in the nesting of flow collections
//!   (100,000 `[` took 43 s), and serde_yaml_ng expands every alias in full. [`check`] measures
//!   the flow nesting and counts aliases in one linear pass, so a hostile file is refused at
//!   once, with its line.
//! - **Lines of flow-style items and keys** (`entries: [{code: X, ...}, ...]`), which the
//!   block-layout reader in `positions` cannot see.
//!
//! It follows libyaml's rules for where a token starts (quoted scalars, comments, plain
//! scalars and their continuation lines, block scalars and their indentation); where libyaml
//! would stop with an error it stops too, since nothing after that point is parsed.

use std::ops::ControlFlow;

/// How deep `[` and `{` may nest. A catalogue file needs four levels at most.
pub const MAX_FLOW_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    FlowStart,
    FlowEnd,
    FlowEntry,
    BlockEntry,
    /// `:` after a key.
    Value,
    /// A scalar's text: quotes included for a quoted one.
    Scalar {
        start: usize,
        end: usize,
    },
    Alias,
    /// Anything else: `?`, an anchor, a tag, a block scalar, a document marker.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub tok: Tok,
    /// 1-based line of the token's first character.
    pub line: usize,
    /// Flow nesting around the token (a `[` is counted from the character after it).
    pub depth: usize,
}

/// What a YAML text holds that costs libyaml and serde_yaml_ng more than its size.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Aliases (`*name`), and the line of the first one.
    pub aliases: usize,
    pub first_alias_line: usize,
}

/// Measures `text`; `Err((line, message))` when `[`/`{` nest deeper than [`MAX_FLOW_DEPTH`].
pub fn check(text: &str) -> Result<Shape, (usize, String)> {
    let mut shape = Shape::default();
    let mut deep = None;
    scan(text, |t| {
        match t.tok {
            Tok::FlowStart if t.depth >= MAX_FLOW_DEPTH => {
                deep = Some(t.line);
                return ControlFlow::Break(());
            }
            Tok::Alias => {
                if shape.aliases == 0 {
                    shape.first_alias_line = t.line;
                }
                shape.aliases += 1;
            }
            _ => {}
        }
        ControlFlow::Continue(())
    });
    match deep {
        Some(line) => Err((
            line,
            format!(
                "`[` and `{{` nest more than {MAX_FLOW_DEPTH} deep here; a catalogue file needs a few levels at most"
            ),
        )),
        None => Ok(shape),
    }
}

/// Every token of `text`, in order, until the end or the first place libyaml would refuse.
pub(crate) fn scan(text: &str, f: impl FnMut(&Token) -> ControlFlow<()>) {
    let mut s =
        Scanner { b: text.as_bytes(), i: 0, line: 1, col: 0, flow: 0, indents: Vec::new(), allowed: true, key: None };
    if s.b.starts_with("\u{feff}".as_bytes()) {
        s.i = 3;
    }
    s.run(f);
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    /// Column in characters.
    col: usize,
    flow: usize,
    /// Columns of the open block collections (libyaml's indentation stack).
    indents: Vec<usize>,
    /// Whether a simple key may start here (libyaml's `simple_key_allowed`).
    allowed: bool,
    /// Where a possible simple key started: column, line, byte.
    key: Option<(usize, usize, usize)>,
}

impl Scanner<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn eof(&self) -> bool {
        self.i >= self.b.len()
    }

    /// Length of the line break at `i + k` (CR LF, CR, LF, NEL, LS, PS), 0 if none.
    fn brk(&self, k: usize) -> usize {
        match (self.at(k), self.at(k + 1), self.at(k + 2)) {
            (b'\r', b'\n', _) => 2,
            (b'\r' | b'\n', _, _) => 1,
            (0xC2, 0x85, _) => 2,
            (0xE2, 0x80, 0xA8 | 0xA9) => 3,
            _ => 0,
        }
    }

    fn blank(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    /// Blank, break or end (libyaml's `IS_BLANKZ`; a NUL is its end marker).
    fn blankz(&self, k: usize) -> bool {
        self.blank(k) || self.brk(k) > 0 || self.at(k) == 0
    }

    fn adv(&mut self) {
        if let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn adv_break(&mut self) {
        self.i += self.brk(0).max(1);
        self.line += 1;
        self.col = 0;
    }

    fn skip_line(&mut self) {
        while !self.eof() && self.brk(0) == 0 {
            self.adv();
        }
    }

    fn indent(&self) -> isize {
        self.indents.last().map_or(-1, |&c| c as isize)
    }

    fn roll(&mut self, col: usize) {
        if self.flow == 0 && self.indent() < col as isize {
            self.indents.push(col);
        }
    }

    fn save_key(&mut self) {
        if self.allowed {
            self.key = Some((self.col, self.line, self.i));
        }
    }

    fn skip_to_token(&mut self) {
        loop {
            while self.at(0) == b' ' || ((self.flow > 0 || !self.allowed) && self.at(0) == b'\t') {
                self.adv();
            }
            if self.at(0) == b'#' {
                self.skip_line();
            }
            if self.brk(0) == 0 {
                return;
            }
            self.adv_break();
            if self.flow == 0 {
                self.allowed = true;
            }
        }
    }

    fn run(&mut self, mut f: impl FnMut(&Token) -> ControlFlow<()>) {
        loop {
            self.skip_to_token();
            if self.eof() {
                return;
            }
            if self.flow == 0 {
                while self.indent() > self.col as isize {
                    self.indents.pop();
                }
            }
            let (line, depth) = (self.line, self.flow);
            let Some(tok) = self.token() else { return };
            if f(&Token { tok, line, depth }).is_break() {
                return;
            }
        }
    }

    /// Reads one token; `None` where libyaml stops with an error.
    fn token(&mut self) -> Option<Tok> {
        let c = self.at(0);
        let document = |s: &Self, m: u8| s.at(0) == m && s.at(1) == m && s.at(2) == m && s.blankz(3);
        if self.col == 0 && c == b'%' {
            self.skip_line();
            return Some(Tok::Other);
        }
        if self.col == 0 && (document(self, b'-') || document(self, b'.')) {
            self.indents.clear();
            self.key = None;
            self.allowed = false;
            (0..3).for_each(|_| self.adv());
            return Some(Tok::Other);
        }
        let tok = match c {
            b'[' | b'{' => {
                self.save_key();
                self.flow += 1;
                self.allowed = true;
                self.adv();
                Tok::FlowStart
            }
            b']' | b'}' => {
                self.key = None;
                self.flow = self.flow.saturating_sub(1);
                self.allowed = false;
                self.adv();
                Tok::FlowEnd
            }
            b',' => {
                self.key = None;
                self.allowed = true;
                self.adv();
                Tok::FlowEntry
            }
            b'-' if self.blankz(1) => {
                if self.flow > 0 {
                    return None;
                }
                self.roll(self.col);
                self.key = None;
                self.allowed = true;
                self.adv();
                Tok::BlockEntry
            }
            b'?' if self.flow > 0 || self.blankz(1) => {
                self.roll(self.col);
                self.key = None;
                self.allowed = self.flow == 0;
                self.adv();
                Tok::Other
            }
            b':' if self.flow > 0 || self.blankz(1) => {
                match self.key.take() {
                    Some((col, line, at)) if line == self.line && at + 1024 >= self.i => self.roll(col),
                    _ => self.roll(self.col),
                }
                self.allowed = self.flow == 0;
                self.adv();
                Tok::Value
            }
            b'*' | b'&' => {
                self.save_key();
                self.allowed = false;
                self.adv();
                while self.at(0).is_ascii_alphanumeric() || matches!(self.at(0), b'_' | b'-') {
                    self.adv();
                }
                if c == b'*' { Tok::Alias } else { Tok::Other }
            }
            b'!' => {
                self.save_key();
                self.allowed = false;
                let flow_indicator = |s: &Self| s.flow > 0 && matches!(s.at(0), b',' | b'[' | b']' | b'{' | b'}');
                while !(self.blankz(0) || flow_indicator(self)) {
                    self.adv();
                }
                Tok::Other
            }
            b'|' | b'>' if self.flow == 0 => {
                self.key = None;
                self.allowed = true;
                self.block_scalar();
                Tok::Other
            }
            b'\'' | b'"' => {
                self.save_key();
                self.allowed = false;
                let start = self.i;
                self.quoted(c);
                Tok::Scalar { start, end: self.i }
            }
            // Characters no token starts with (a tab in block context, a NUL, a reserved indicator).
            0 | b'\t' | b'%' | b'@' | b'`' | b'|' | b'>' => return None,
            _ => {
                self.save_key();
                let start = self.i;
                let end = self.plain()?;
                Tok::Scalar { start, end }
            }
        };
        Some(tok)
    }

    fn quoted(&mut self, q: u8) {
        self.adv();
        while !self.eof() {
            let c = self.at(0);
            if q == b'\'' && c == b'\'' && self.at(1) == b'\'' {
                self.adv();
                self.adv();
            } else if q == b'"' && c == b'\\' {
                self.adv();
                if self.brk(0) > 0 { self.adv_break() } else { self.adv() }
            } else if c == q {
                self.adv();
                return;
            } else if self.brk(0) > 0 {
                self.adv_break();
            } else {
                self.adv();
            }
        }
    }

    /// A plain scalar, ended as libyaml ends it; returns the end of its text.
    fn plain(&mut self) -> Option<usize> {
        let indent = self.indent() + 1;
        let mut end = self.i;
        let mut leading = false;
        loop {
            let document = |s: &Self, m: u8| s.at(0) == m && s.at(1) == m && s.at(2) == m && s.blankz(3);
            if (self.col == 0 && (document(self, b'-') || document(self, b'.'))) || self.at(0) == b'#' {
                break;
            }
            while !self.blankz(0) {
                let c = self.at(0);
                if self.flow > 0 && c == b':' && matches!(self.at(1), b',' | b'?' | b'[' | b']' | b'{' | b'}') {
                    return None;
                }
                if (c == b':' && self.blankz(1)) || (self.flow > 0 && matches!(c, b',' | b'[' | b']' | b'{' | b'}')) {
                    break;
                }
                self.adv();
                end = self.i;
            }
            if !(self.blank(0) || self.brk(0) > 0) {
                break;
            }
            while self.blank(0) || self.brk(0) > 0 {
                if self.blank(0) {
                    if leading && (self.col as isize) < indent && self.at(0) == b'\t' {
                        return None;
                    }
                    self.adv();
                } else {
                    self.adv_break();
                    leading = true;
                }
            }
            if self.flow == 0 && (self.col as isize) < indent {
                break;
            }
        }
        self.allowed = leading;
        Some(end)
    }

    /// `|` or `>`, its header, and every line indented as its content.
    fn block_scalar(&mut self) {
        self.adv();
        let mut explicit = 0;
        while matches!(self.at(0), b'+' | b'-' | b'0'..=b'9') {
            if self.at(0).is_ascii_digit() {
                explicit = usize::from(self.at(0) - b'0');
            }
            self.adv();
        }
        self.skip_line();
        if self.eof() {
            return;
        }
        self.adv_break();
        let parent = self.indent();
        let mut indent = match explicit {
            0 => 0,
            n if parent >= 0 => parent as usize + n,
            n => n,
        };
        self.block_breaks(&mut indent, parent);
        while self.col == indent && !self.eof() {
            self.skip_line();
            if self.eof() {
                return;
            }
            self.adv_break();
            self.block_breaks(&mut indent, parent);
        }
    }

    /// Empty lines and indentation before a block scalar's next line (libyaml's
    /// `scan_block_scalar_breaks`); an indentation of 0 is found from the first line.
    fn block_breaks(&mut self, indent: &mut usize, parent: isize) {
        let mut max = 0;
        loop {
            while (*indent == 0 || self.col < *indent) && self.at(0) == b' ' {
                self.adv();
            }
            max = max.max(self.col);
            if self.brk(0) == 0 {
                break;
            }
            self.adv_break();
        }
        if *indent == 0 {
            *indent = max.max((parent + 1).max(1) as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(Tok, usize, usize)> {
        let mut v = Vec::new();
        scan(text, |t| {
            v.push((t.tok, t.line, t.depth));
            ControlFlow::Continue(())
        });
        v
    }

    fn scalars(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        scan(text, |t| {
            if let Tok::Scalar { start, end } = t.tok {
                v.push(&text[start..end]);
            }
            ControlFlow::Continue(())
        });
        v
    }

    #[test]
    fn quotes_start_only_where_a_token_starts() {
        let text = "summary: it's [not] a 'list\ncause: \"]]\" # ] [\nfix: ['a''b', \"c\\\"]\"]\n";
        assert_eq!(scalars(text), ["summary", "it's [not] a 'list", "cause", "\"]]\"", "fix", "'a''b'", "\"c\\\"]\""]);
        let flow: Vec<usize> = tokens(text).iter().filter(|t| t.0 == Tok::FlowStart).map(|t| t.1).collect();
        assert_eq!(flow, [3]);
    }

    #[test]
    fn block_scalars_and_continuation_lines_are_text() {
        let text = "a:\n  - b: |\n      [[[ 'x\n\n      \"y\n    c: d\n      [[ e\n  - f\n";
        assert_eq!(scalars(text), ["a", "b", "c", "d\n      [[ e", "f"]);
        assert!(!tokens(text).iter().any(|t| t.0 == Tok::FlowStart));
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_its_line_and_quoted_brackets_do_not_hide_it() {
        assert!(check("a: [[[{b: c}]]]\n").is_ok());
        let deep = format!("x: 1\ny: {}\n", "[ \"]\", ".repeat(100_000));
        let (line, msg) = check(&deep).unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("nest more than 32 deep"), "{msg}");
        assert!(check(&format!("y: '{}'\n", "[".repeat(100_000))).is_ok(), "inside quotes it is text");
        assert!(check(&format!("y: {}\n", "[\n".repeat(40))).is_err(), "lines do not reset it");
    }

    #[test]
    fn aliases_are_counted() {
        let s = check("a: &x 1\nb: [*x, *x]\nc: 'not *x'\n").unwrap();
        assert_eq!((s.aliases, s.first_alias_line), (2, 2));
    }
}
