//! The progress callback of [`CsvImport::on_progress`](super::CsvImport::on_progress):
//! each table's reader is wrapped in one that counts the bytes it hands on, so the
//! loader itself knows nothing of progress.

use std::cell::RefCell;
use std::io::Read;
use std::rc::Rc;

use super::{CsvProgress, Input};

/// The callback, as [`CsvImport`](super::CsvImport) keeps it.
pub(super) type Callback<'a> = Box<dyn FnMut(CsvProgress) + 'a>;

/// The count so far and the callback, shared by the tables' readers.
pub(super) struct Meter<'a> {
    progress: CsvProgress,
    callback: Callback<'a>,
}

/// A meter for `inputs`: the total is known when every input is a file.
pub(super) fn meter<'a>(inputs: &[&Option<Input<'a>>], callback: Callback<'a>) -> Rc<RefCell<Meter<'a>>> {
    let total_bytes = inputs.iter().copied().flatten().try_fold(0u64, |sum, input| match input {
        Input::Path(p) => std::fs::metadata(p).ok().map(|m| sum + m.len()),
        Input::Reader(_) => None,
    });
    Rc::new(RefCell::new(Meter { progress: CsvProgress { bytes_read: 0, total_bytes }, callback }))
}

/// `inner`, reporting every block it reads to `meter`.
pub(super) fn counted<'a>(inner: Box<dyn Read + 'a>, meter: &Rc<RefCell<Meter<'a>>>) -> Box<dyn Read + 'a> {
    Box::new(Counting { inner, meter: Rc::clone(meter) })
}

struct Counting<'a> {
    inner: Box<dyn Read + 'a>,
    meter: Rc<RefCell<Meter<'a>>>,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            let mut meter = self.meter.borrow_mut();
            meter.progress.bytes_read += n as u64;
            let progress = meter.progress;
            (meter.callback)(progress);
        }
        Ok(n)
    }
}
