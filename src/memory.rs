//! Handing memory the build has freed back to the operating system between stages.
//!
//! The allocator (mimalloc) keeps freed pages for a while to reuse them; a stage that frees
//! a lot just before another allocates a lot (the review pages' text before the pages
//! that gather every review) would otherwise add the two at the peak.

/// Returns the memory freed so far, on every rayon worker and on the calling thread, to
/// the operating system.
/// Without the `mimalloc` feature (fuzz builds) it does nothing.
#[cfg(feature = "mimalloc")]
pub(crate) fn release_freed() {
    // SAFETY: `mi_collect` is mimalloc's public, thread-safe API for collecting the calling
    // thread's heap; it frees nothing that is still in use. (With the `override` feature
    // mimalloc is the process's malloc, so it is the allocator in use whether or not the
    // binary also made it the Rust global allocator.)
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// The system allocator keeps no pages for later that a call could hand back.
#[cfg(not(feature = "mimalloc"))]
pub(crate) fn release_freed() {}

/// Returns the memory the calling thread freed to the operating system (after a page
/// that held much, so that the next one does not add to it what this one kept).
#[cfg(feature = "mimalloc")]
pub(crate) fn release_freed_here() {
    // SAFETY: as in `release_freed`: the calling thread's heap, nothing still in use.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Nothing to hand back without mimalloc.
#[cfg(not(feature = "mimalloc"))]
pub(crate) fn release_freed_here() {}
