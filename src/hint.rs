//! Hints to the processor: they change no result, only how soon memory arrives.

/// Asks the processor to bring the cache line holding `value` into its caches,
/// without waiting for it.
///
/// Look-ups at random into tables of megabytes (the import's actor keys, for one)
/// wait on memory. Asking for the lines of the next few dozen look-ups first lets
/// those waits overlap. A plain read would do the same until the first miss holds
/// up every instruction behind it; a prefetch does not wait at all. On x86 this is
/// the `prefetcht0` instruction (through `safe_arch`, which wraps it safely);
/// elsewhere a read whose value is discarded.
#[inline(always)]
pub(crate) fn prefetch<T: Copy>(value: &T) {
    #[cfg(all(any(target_arch = "x86", target_arch = "x86_64"), target_feature = "sse"))]
    safe_arch::prefetch_t0(value);
    #[cfg(not(all(any(target_arch = "x86", target_arch = "x86_64"), target_feature = "sse")))]
    std::hint::black_box(*value);
}
