//! Bounds the memory one record of an export can take: a reader that fails once more than
//! [`MAX_RECORD`] bytes have been read since the last record ended. Without it a CSV field or a
//! JSON element without an end would be read into memory whole.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// No real export has a record this long (a HAR entry with a large response body comes nearest).
pub const MAX_RECORD: u64 = 32 * 1024 * 1024;

pub struct Limited<R> {
    inner: R,
    read: Rc<Cell<u64>>,
    mark: Rc<Cell<u64>>,
}

/// Where the reader is, shared with the code that knows where records end.
#[derive(Clone)]
pub struct Marks {
    read: Rc<Cell<u64>>,
    mark: Rc<Cell<u64>>,
}

impl Marks {
    /// A record ended: the next may again take `MAX_RECORD` bytes.
    pub fn record_ended(&self) {
        self.mark.set(self.read.get());
    }
}

pub fn limited<R: Read>(inner: R) -> (Limited<R>, Marks) {
    let (read, mark) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    (Limited { inner, read: read.clone(), mark: mark.clone() }, Marks { read, mark })
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read.get() - self.mark.get() > MAX_RECORD {
            let msg = format!("a record longer than {} MiB: not an export this tool can read", MAX_RECORD >> 20);
            return Err(io::Error::new(io::ErrorKind::InvalidData, msg));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_without_an_end_fails_past_the_limit_and_marks_reset_it() {
        let (mut r, marks) = limited(io::repeat(b'x'));
        let mut buf = vec![0; 1 << 20];
        let mut total = 0u64;
        let err = loop {
            match r.read(&mut buf) {
                Ok(n) => total += n as u64,
                Err(e) => break e,
            }
            if total == MAX_RECORD / 2 {
                marks.record_ended();
            }
        };
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(total > MAX_RECORD + MAX_RECORD / 2 && total <= MAX_RECORD * 2, "{total}");
    }
}
