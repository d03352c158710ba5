//! Masking of secret values in a child's output (`inject --mask`).
//!
//! The child writes whenever it likes and a secret may arrive split across any number of
//! reads, so this is a streaming filter: each chunk is masked and emitted at once, except
//! for a tail that could still grow into a secret. That tail is kept as short as
//! possible, because a program that prints a prompt and waits for input must not look
//! stuck: only bytes that are a proper prefix of some secret are held back.
//!
//! The output is exactly what a one-shot, leftmost-longest replacement over the whole
//! stream would give, however the stream is chopped up. This module must never emit a
//! byte of a secret it was told to mask (values shorter than [`MIN_MASK_LEN`] excepted),
//! and, apart from the automaton below, never keep plaintext in memory that is not wiped
//! when dropped.
//!
//! Known limit: the aho-corasick automaton keeps its own copy of the patterns in tables
//! we cannot wipe without `unsafe`; they are freed (not zeroized) with the [`Masker`].

use std::io::{ErrorKind, Read, Write};

use aho_corasick::{AhoCorasick, MatchKind};
use zeroize::{Zeroize, Zeroizing};

/// Replacement text for a concealed value.
pub const CONCEALED: &[u8] = b"<concealed by secretscli>";

/// Values shorter than this are not masked (too many false positives).
pub const MIN_MASK_LEN: usize = 4;

/// Size of one read in [`pump`]; a pipe rarely hands over more at once.
const READ_CHUNK: usize = 8 * 1024;

/// A streaming filter: feed it chunks as they arrive, it emits masked output as early as possible.
pub struct Masker {
    /// Leftmost-longest so that of two overlapping secrets the longer one is concealed
    /// whole, never leaving the tail of a longer secret visible after a shorter one.
    matcher: AhoCorasick,
    /// The secret values, sorted and deduplicated; the sort is what makes the
    /// proper-prefix test a binary search.
    secrets: Vec<Zeroizing<Vec<u8>>>,
    /// Length of the longest secret.
    longest: usize,
    /// Bytes received but not yet emitted. Between calls this is only the held-back tail;
    /// during `feed` it also holds the new chunk. Grows only through [`append_wiping`].
    pending: Zeroizing<Vec<u8>>,
}

impl Masker {
    /// Builds from the secret values, or `None` if nothing is left to mask.
    ///
    /// Values shorter than [`MIN_MASK_LEN`], and duplicates, are ignored.
    ///
    /// # Panics
    /// If the automaton exceeds aho-corasick's internal size limits (billions of
    /// states). Failing closed is deliberate: returning `None` would run the child
    /// unmasked.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a [u8]>) -> Option<Masker> {
        let mut secrets: Vec<Zeroizing<Vec<u8>>> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_MASK_LEN)
            .map(|s| Zeroizing::new(s.to_vec()))
            .collect();
        secrets.sort_unstable_by(|a, b| a.as_slice().cmp(b.as_slice()));
        secrets.dedup();
        let longest = secrets.iter().map(|s| s.len()).max()?;
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(secrets.iter().map(|s| s.as_slice()))
            .expect("secret values exceed aho-corasick's automaton size limits");
        Some(Masker {
            matcher,
            secrets,
            longest,
            pending: Zeroizing::new(Vec::new()),
        })
    }

    /// Masks `input`, appending to `out` everything that can no longer be part of a secret.
    ///
    /// Holds back at most (longest secret - 1) bytes, and only while they are a proper
    /// prefix of some secret.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        append_wiping(&mut self.pending, input);
        let emitted = self.mask_settled(out, false);
        discard_front(&mut self.pending, emitted);
    }

    /// Flushes what was held back (end of stream).
    ///
    /// The masker is then empty and can start a new stream.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        let emitted = self.mask_settled(out, true);
        discard_front(&mut self.pending, emitted);
    }

    /// Emits the masked form of every pending byte whose fate is known, returning how
    /// many pending bytes that consumed. At the end of the stream every byte is settled.
    ///
    /// A match that starts before the held-back tail is final: a longer match starting at
    /// the same place would make that place part of the tail, and an earlier-starting
    /// match would have been found first. A match inside the tail may still be outgrown,
    /// so it waits.
    fn mask_settled(&self, out: &mut Vec<u8>, at_end: bool) -> usize {
        let pending = self.pending.as_slice();
        let tail_start = |from| {
            if at_end {
                pending.len()
            } else {
                self.held_tail_start(pending, from)
            }
        };
        let mut cursor = 0;
        let mut hold = tail_start(0);
        for found in self.matcher.find_iter(pending) {
            if found.start() >= hold {
                break;
            }
            out.extend_from_slice(&pending[cursor..found.start()]);
            out.extend_from_slice(CONCEALED);
            cursor = found.end();
            if cursor > hold {
                hold = tail_start(cursor);
            }
        }
        out.extend_from_slice(&pending[cursor..hold]);
        hold
    }

    /// The first position at or after `from` where the rest of `buf` is a proper prefix
    /// of some secret, or `buf.len()` if there is none. Only the last `longest - 1`
    /// positions can qualify, which is what bounds the held-back tail.
    fn held_tail_start(&self, buf: &[u8], from: usize) -> usize {
        let first = from.max(buf.len().saturating_sub(self.longest - 1));
        (first..buf.len())
            .find(|&start| self.is_proper_prefix(&buf[start..]))
            .unwrap_or(buf.len())
    }

    /// Whether some secret starts with `tail` and is longer than it. In sorted order the
    /// secrets extending `tail` all follow it, and the first secret greater than `tail`
    /// is one of them if any is.
    fn is_proper_prefix(&self, tail: &[u8]) -> bool {
        let next = self.secrets.partition_point(|s| s.as_slice() <= tail);
        self.secrets.get(next).is_some_and(|s| s.starts_with(tail))
    }
}

impl std::fmt::Debug for Masker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masker")
            .field("secrets", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

/// Copies `reader` to `writer` through `masker` until EOF.
///
/// Writes and flushes after every read, so interactive output is not delayed beyond the
/// held-back tail; at EOF the tail is released and flushed.
///
/// A read interrupted by a signal is retried; any other read or write error (a broken
/// pipe included) ends the copy and is returned, leaving the caller to decide whether it
/// matters.
pub fn pump(
    mut reader: impl Read,
    mut writer: impl Write,
    mut masker: Masker,
) -> std::io::Result<()> {
    // The raw chunk holds secrets in the clear; it is allocated once and never grows.
    let mut chunk = Zeroizing::new(vec![0u8; READ_CHUNK]);
    // `masked` only ever holds what is safe to show, so it needs no wiping.
    let mut masked = Vec::with_capacity(READ_CHUNK);
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        masker.feed(&chunk[..read], &mut masked);
        write_and_flush(&mut writer, &mut masked)?;
    }
    masker.finish(&mut masked);
    write_and_flush(&mut writer, &mut masked)
}

/// Writes out and clears `masked`, then flushes so the bytes reach the terminal now.
fn write_and_flush(writer: &mut impl Write, masked: &mut Vec<u8>) -> std::io::Result<()> {
    if !masked.is_empty() {
        writer.write_all(masked)?;
        masked.clear();
    }
    writer.flush()
}

/// Appends `data` to `buf` without ever letting `Vec` reallocate on its own: a plain
/// reallocation frees the old block unwiped, leaving plaintext behind in the heap.
fn append_wiping(buf: &mut Zeroizing<Vec<u8>>, data: &[u8]) {
    let needed = buf.len() + data.len();
    if needed > buf.capacity() {
        let mut grown = Zeroizing::new(Vec::with_capacity(needed.max(2 * buf.capacity())));
        grown.extend_from_slice(buf);
        // Dropping the old buffer wipes it.
        *buf = grown;
    }
    buf.extend_from_slice(data);
}

/// Removes the first `count` bytes of `buf`, wiping the bytes left behind past the new end.
fn discard_front(buf: &mut Zeroizing<Vec<u8>>, count: usize) {
    buf.copy_within(count.., 0);
    let keep = buf.len() - count;
    buf[keep..].zeroize();
    buf.truncate(keep);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    /// Builds a masker for string secrets; panics if none qualifies.
    fn masker(secrets: &[&str]) -> Masker {
        Masker::new(secrets.iter().map(|s| s.as_bytes())).expect("some secret to mask")
    }

    /// Feeds `chunks` in order, checking after each that what is held back is nothing or
    /// a proper prefix of some secret (so also shorter than the longest), then finishes.
    fn mask_chunks<'a>(masker: &mut Masker, chunks: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in chunks {
            masker.feed(chunk, &mut out);
            let held = masker.pending.as_slice();
            let extends = |s: &&Zeroizing<Vec<u8>>| s.len() > held.len() && s.starts_with(held);
            assert!(
                held.is_empty() || masker.secrets.iter().any(|s| extends(&s)),
                "held back {held:?}, which no secret extends"
            );
        }
        masker.finish(&mut out);
        assert!(masker.pending.is_empty());
        out
    }

    /// The input cut at the given ascending positions.
    fn split_at_all<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(input.len());
        bounds.windows(2).map(|w| &input[w[0]..w[1]]).collect()
    }

    /// Checks that every way of chopping `input` into one, two, three or single-byte
    /// chunks gives `expected`.
    fn assert_masks_in_every_chunking(secrets: &[&[u8]], input: &[u8], expected: &[u8]) {
        let build = || Masker::new(secrets.iter().copied()).expect("some secret to mask");
        let show = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let mut chunkings = vec![vec![input]];
        for a in 0..=input.len() {
            chunkings.push(split_at_all(input, &[a]));
            for b in a..=input.len() {
                chunkings.push(split_at_all(input, &[a, b]));
            }
        }
        chunkings.push(input.chunks(1).collect());
        for chunks in chunkings {
            let got = mask_chunks(&mut build(), chunks.iter().copied());
            assert_eq!(show(&got), show(expected), "chunks {chunks:?}");
        }
    }

    /// One row of the case table: secrets, input, expected output (with `#` standing
    /// for [`CONCEALED`]).
    type Case = (&'static [&'static str], &'static str, &'static str);

    const CASES: &[Case] = &[
        (&["hunter22"], "pw=hunter22 ok", "pw=# ok"),
        (&["hunter22"], "hunter22 at start", "# at start"),
        (&["hunter22"], "at end hunter22", "at end #"),
        (&["hunter22"], "hunter22", "#"),
        (&["hunter22"], "a hunter22 b hunter22 c", "a # b # c"),
        (&["hunter22"], "hunter22hunter22", "##"),
        (&["hunter22", "s3cr3t!!"], "hunter22s3cr3t!!", "##"),
        (&["hunter22"], "hunter2 hunter222", "hunter2 #2"),
        (&["hunter22"], "hunhunter22", "hun#"),
        (&["abcd", "abcdef"], "xabcdefx", "x#x"),
        (&["abcd", "abcdef"], "xabcdex", "x#ex"),
        (&["abcdef", "cdefgh"], "abcdefgh", "#gh"),
        (&["bcde", "abcdefgh"], "abcdefgh abcdefg", "# a#fg"),
        (&["aaaa"], "aaaaaaaaa", "##a"),
        (
            &["pässwörd", "秘密の値"],
            "x=pässwörd y=秘密の値.",
            "x=# y=#.",
        ),
        (&["abc", "hunter22"], "abc hunter22", "abc #"),
        (&["hunter22", "hunter22"], "hunter22", "#"),
    ];

    #[test]
    fn table_of_cases_masks_the_same_however_the_stream_is_chunked() {
        for (secrets, input, expected) in CASES {
            let secrets: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
            let expected = expected.replace('#', std::str::from_utf8(CONCEALED).unwrap());
            assert_masks_in_every_chunking(&secrets, input.as_bytes(), expected.as_bytes());
        }
    }

    #[test]
    fn binary_secrets_with_nul_and_invalid_utf8_are_masked() {
        let secret: &[u8] = b"\x00\xff\xfe\x00key";
        let input = b"\x01\x00\xff\xfe\x00key\xff\x00\xff";
        let mut expected = b"\x01".to_vec();
        expected.extend_from_slice(CONCEALED);
        expected.extend_from_slice(b"\xff\x00\xff");
        assert_masks_in_every_chunking(&[secret], input, &expected);
    }

    #[test]
    fn streaming_agrees_with_one_shot_replacement_on_random_streams() {
        // A tiny alphabet makes overlaps, near-misses and repeats common.
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..300 {
            let secrets: Vec<Vec<u8>> = (0..rng.below(4) + 1)
                .map(|_| rng.word(MIN_MASK_LEN, 4))
                .collect();
            let input = rng.word(0, 60);
            let mut masker = Masker::new(secrets.iter().map(|s| s.as_slice())).unwrap();
            let oneshot = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&secrets)
                .unwrap()
                .replace_all_bytes(&input, &vec![CONCEALED; secrets.len()]);
            let mut chunks = Vec::new();
            let mut rest = input.as_slice();
            while !rest.is_empty() {
                let (chunk, tail) = rest.split_at(rng.below(rest.len().min(7)) + 1);
                chunks.push(chunk);
                rest = tail;
            }
            let got = mask_chunks(&mut masker, chunks.iter().copied());
            assert_eq!(got, oneshot, "secrets {secrets:?} chunks {chunks:?}");
        }
    }

    #[test]
    fn a_prompt_unrelated_to_any_secret_is_emitted_at_once() {
        let mut masker = masker(&["hunter22", "s3cr3t!!"]);
        let mut out = Vec::new();
        masker.feed(b"prompt> ", &mut out);
        assert_eq!(out, b"prompt> ");
        masker.feed(b"hello\n", &mut out);
        assert_eq!(out, b"prompt> hello\n");
    }

    #[test]
    fn only_the_proper_prefix_of_a_secret_is_held_back() {
        let mut masker = masker(&["hunter22"]);
        let mut out = Vec::new();
        masker.feed(b"password: hun", &mut out);
        assert_eq!(out, b"password: ");
        masker.feed(b"t", &mut out);
        assert_eq!(out, b"password: ");
        masker.feed(b"!", &mut out);
        assert_eq!(out, b"password: hunt!");
    }

    #[test]
    fn text_after_a_match_is_emitted_even_if_it_began_a_prefix_the_match_consumed() {
        // "ghXY" would start "ghXYZ", but "gh" belongs to the earlier, longer match.
        let mut masker = masker(&["abcdefgh", "ghXYZ"]);
        let mut out = Vec::new();
        masker.feed(b"abcdefghXY", &mut out);
        assert_eq!(out, [CONCEALED, b"XY"].concat());
    }

    #[test]
    fn a_complete_secret_is_emitted_concealed_without_waiting_for_more() {
        let mut masker = masker(&["hunter22", "a much longer secret"]);
        let mut out = Vec::new();
        masker.feed(b"pw hunter22", &mut out);
        assert_eq!(out, [b"pw ".as_slice(), CONCEALED].concat());
    }

    #[test]
    fn a_match_that_a_longer_secret_could_outgrow_waits_for_more_input() {
        let mut masker = masker(&["abcd", "abcdef"]);
        let mut out = Vec::new();
        masker.feed(b"abcd", &mut out);
        assert_eq!(out, b"");
        masker.feed(b"ef", &mut out);
        assert_eq!(out, CONCEALED);
    }

    #[test]
    fn the_held_back_tail_is_flushed_by_finish() {
        let mut masker = masker(&["hunter22"]);
        let mut out = Vec::new();
        masker.feed(b"hunter2", &mut out);
        masker.finish(&mut out);
        assert_eq!(out, b"hunter2");
    }

    #[test]
    fn values_shorter_than_the_minimum_and_empty_lists_give_no_masker() {
        assert!(Masker::new([b"abc".as_slice(), b"".as_slice()]).is_none());
        assert!(Masker::new(std::iter::empty()).is_none());
        assert!(Masker::new([b"abcd".as_slice()]).is_some());
    }

    #[test]
    fn duplicate_secrets_are_kept_once() {
        let masker = masker(&["hunter22", "abc", "hunter22", "s3cr3t!!"]);
        assert_eq!(masker.secrets.len(), 2);
    }

    #[test]
    fn debug_output_shows_no_secret_or_held_bytes() {
        let mut masker = masker(&["hunter22"]);
        masker.feed(b"hunte", &mut Vec::new());
        let shown = format!("{masker:?}");
        assert!(!shown.contains("hunte"), "{shown}");
        assert_eq!(shown, "Masker { secrets: 1, .. }");
    }

    #[test]
    fn pump_masks_a_secret_written_in_two_halves_and_shows_the_prefix_before_the_rest() {
        let (reader, mut writer) = std::io::pipe().unwrap();
        let shown = Arc::new(Shared::default());
        let sink = SharedSink {
            shared: Arc::clone(&shown),
            unflushed: Vec::new(),
        };
        let pumping = std::thread::spawn(move || pump(reader, sink, masker(&["hunter22"])));

        writer.write_all(b"password: hunt").unwrap();
        let seen = shown.wait_until(|out| out.ends_with(b"password: "));
        assert_eq!(seen, b"password: ", "the half secret must stay held back");

        // The stream ends on another half secret: EOF must release it.
        writer.write_all(b"er22\nhun").unwrap();
        drop(writer);
        pumping.join().unwrap().unwrap();
        let done = shown.wait_until(|_| true);
        assert_eq!(
            done,
            [b"password: ".as_slice(), CONCEALED, b"\nhun"].concat()
        );
    }

    #[test]
    fn pump_retries_an_interrupted_read() {
        let reader = Scripted(vec![
            Err(ErrorKind::Interrupted),
            Ok(b"pw hunter22".as_slice()),
        ]);
        let mut out = Vec::new();
        pump(reader, &mut out, masker(&["hunter22"])).unwrap();
        assert_eq!(out, [b"pw ".as_slice(), CONCEALED].concat());
    }

    #[test]
    fn pump_stops_with_the_error_when_the_writer_pipe_breaks() {
        let reader = Scripted(vec![Ok(b"hello".as_slice()), Ok(b"again".as_slice())]);
        let err = pump(reader, BrokenPipe, masker(&["hunter22"])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BrokenPipe);
    }

    #[test]
    fn pump_stops_with_a_read_error_other_than_interrupted() {
        let reader = Scripted(vec![Ok(b"hello".as_slice()), Err(ErrorKind::Other)]);
        let mut out = Vec::new();
        let err = pump(reader, &mut out, masker(&["hunter22"])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Other);
        assert_eq!(out, b"hello");
    }

    /// What the pump has written so far, with a signal for each write.
    #[derive(Default)]
    struct Shared {
        written: Mutex<Vec<u8>>,
        changed: Condvar,
    }

    impl Shared {
        /// Waits (at most ten seconds, then fails) until `ready` holds for the output.
        fn wait_until(&self, ready: impl Fn(&[u8]) -> bool) -> Vec<u8> {
            let written = self.written.lock().unwrap();
            let (written, timeout) = self
                .changed
                .wait_timeout_while(written, Duration::from_secs(10), |w| !ready(w))
                .unwrap();
            assert!(
                !timeout.timed_out(),
                "gave up waiting; output so far: {written:?}"
            );
            written.clone()
        }
    }

    /// A buffered writer: bytes reach the [`Shared`] output (and wake its waiters) only
    /// on flush, like a `BufWriter` around a terminal.
    struct SharedSink {
        shared: Arc<Shared>,
        unflushed: Vec<u8>,
    }

    impl Write for SharedSink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.unflushed.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            let mut written = self.shared.written.lock().unwrap();
            written.append(&mut self.unflushed);
            self.shared.changed.notify_all();
            Ok(())
        }
    }

    /// A reader that returns the scripted results in order, then EOF.
    struct Scripted(Vec<Result<&'static [u8], ErrorKind>>);

    impl Read for Scripted {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let bytes = self.0.remove(0).map_err(std::io::Error::from)?;
            buf[..bytes.len()].copy_from_slice(bytes);
            Ok(bytes.len())
        }
    }

    /// A writer whose reader has gone away.
    struct BrokenPipe;

    impl Write for BrokenPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Err(ErrorKind::BrokenPipe.into())
        }
    }

    /// A small deterministic generator, so a failure replays exactly.
    struct XorShift(u64);

    impl XorShift {
        /// A number in `0..bound` (0 when `bound` is 0).
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound.max(1) as u64) as usize
        }

        /// A word over `a`/`b` of `min` to `min + extra` bytes.
        fn word(&mut self, min: usize, extra: usize) -> Vec<u8> {
            let len = min + self.below(extra + 1);
            (0..len).map(|_| b"ab"[self.below(2)]).collect()
        }
    }
}
