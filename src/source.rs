//! The files a run reads, and conversions from byte offsets to lines and columns.

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

#[derive(Debug, Clone)]
struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
}

/// Every file loaded in one run: the files named on the command line and the
/// contracts they amend.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set of files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The path a file was added with; `<unknown>` for an id not from this set.
    pub fn path(&self, id: FileId) -> &str {
        self.files
            .get(id.0 as usize)
            .map_or("<unknown>", |f| &f.path)
    }

    /// The text of a file; empty for an id not from this set.
    pub fn text(&self, id: FileId) -> &str {
        self.files.get(id.0 as usize).map_or("", |f| &f.text)
    }

    /// The file added with this path, if any.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    /// Every file's id, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The bytes of the lines that hold `range`, with `context` more lines on
    /// each side, and the 0-based index of the first of them.
    pub fn lines_around(
        &self,
        id: FileId,
        range: &std::ops::Range<usize>,
        context: usize,
    ) -> (std::ops::Range<usize>, usize) {
        let Some(file) = self.files.get(id.0 as usize) else {
            return (0..0, 0);
        };
        let line_of = |offset: usize| file.line_starts.partition_point(|&s| s <= offset) - 1;
        let first = line_of(range.start.min(file.text.len())).saturating_sub(context);
        let last =
            (line_of(range.end.min(file.text.len())) + context).min(file.line_starts.len() - 1);
        let end = file
            .line_starts
            .get(last + 1)
            .map_or(file.text.len(), |&e| e);
        (file.line_starts[first]..end, first)
    }

    /// The length in bytes of the longest line that `range` touches.
    pub fn longest_line(&self, id: FileId, range: &std::ops::Range<usize>) -> usize {
        let Some(file) = self.files.get(id.0 as usize) else {
            return 0;
        };
        let line_of = |offset: usize| file.line_starts.partition_point(|&s| s <= offset) - 1;
        let (a, b) = (
            line_of(range.start.min(file.text.len())),
            line_of(range.end.min(file.text.len())),
        );
        (a..=b)
            .map(|l| {
                file.line_starts.get(l + 1).map_or(file.text.len(), |&e| e) - file.line_starts[l]
            })
            .max()
            .unwrap_or(0)
    }

    /// 1-based line and 1-based column counted in characters (not bytes).
    pub fn line_col(&self, id: &FileId, offset: usize) -> (usize, usize) {
        let Some(file) = self.files.get(id.0 as usize) else {
            return (1, 1);
        };
        let offset = floor_char_boundary(&file.text, offset);
        let line = file.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = file.line_starts[line];
        let column = file.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// The largest char boundary at or below `offset`, clamped to the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
