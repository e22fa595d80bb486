//! A thread's flow ([`ThreadFlow`]) kept packed (MessagePack, then LZ4) between the
//! pages that show it, so the lineage a build holds does not grow with its threads'
//! rounds: the whole flow, which the thread page and `threads.json` unpack, and for each
//! round what its review page shows ([`RoundSlice`]: that round, the one before, and
//! where each of its findings' issues was first raised), which the page unpacks alone.
//! A flow packs and unpacks to what was packed.

use super::flow::{FlowRound, ThreadFlow};
use crate::aggregate::lineage::RoundLineage;
use anyhow::{Context, Result};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// One thread's flow, packed, with its rounds' review stems (oldest first).
#[derive(Clone)]
pub(super) struct PackedFlow {
    whole: Arc<[u8]>,
    rounds: Arc<[Box<[u8]>]>,
    reviews: Arc<[String]>,
}

/// What the review page of round `k` (0-based) shows of its thread.
#[derive(Serialize, Deserialize)]
pub(super) struct RoundSlice {
    pub(super) k: usize,
    /// The thread's number of rounds.
    pub(super) n: usize,
    /// The pages of the rounds before and after (site-relative).
    pub(super) prev_url: Option<String>,
    pub(super) next_url: Option<String>,
    /// Round `k - 1` (none for the first round).
    pub(super) before: Option<FlowRound>,
    pub(super) round: FlowRound,
    pub(super) lineage: RoundLineage,
    /// For each finding of `lineage` that continues one of round `k - 1`, the round
    /// (0-based) its issue was first raised in, back along the predecessors (0 for the
    /// others).
    pub(super) origins: Vec<usize>,
}

impl PackedFlow {
    /// `flow` packed.
    pub(super) fn of(flow: &ThreadFlow) -> Result<PackedFlow> {
        let origins = origins(flow);
        let rounds = (0..flow.rounds.len().min(flow.lineage.rounds.len()))
            .map(|k| pack(&slice(flow, k, &origins[k])).map(Vec::into_boxed_slice))
            .collect::<Result<Vec<_>>>()?;
        Ok(PackedFlow {
            whole: pack(flow)?.into(),
            rounds: rounds.into(),
            reviews: flow.rounds.iter().map(|r| r.review.clone()).collect(),
        })
    }

    /// A flow from the bytes of its whole packed form ([`PackedFlow::whole`], as a build
    /// cache stores them): unpacked once to make its rounds' slices.
    pub(super) fn of_whole(bytes: &[u8]) -> Result<PackedFlow> {
        PackedFlow::of(&unpack(bytes)?)
    }

    /// The bytes of the whole flow packed.
    pub(super) fn whole(&self) -> &[u8] {
        &self.whole
    }

    /// The flow as packed (`None` only were the bytes damaged).
    pub(super) fn flow(&self) -> Option<ThreadFlow> {
        unpack(&self.whole).ok()
    }

    /// What the page of round `k` shows (`None` past the rounds linked).
    pub(super) fn round(&self, k: usize) -> Option<RoundSlice> {
        unpack(self.rounds.get(k)?).ok()
    }

    /// The rounds' review stems, oldest first.
    pub(super) fn reviews(&self) -> &[String] {
        &self.reviews
    }
}

/// Round `k`'s slice of `flow`, `origins` that round's.
fn slice(flow: &ThreadFlow, k: usize, origins: &[usize]) -> RoundSlice {
    RoundSlice {
        k,
        n: flow.rounds.len(),
        prev_url: k.checked_sub(1).map(|p| flow.rounds[p].url.clone()),
        next_url: flow.rounds.get(k + 1).map(|r| r.url.clone()),
        before: k.checked_sub(1).map(|p| flow.rounds[p].clone()),
        round: flow.rounds[k].clone(),
        lineage: flow.lineage.rounds[k].clone(),
        origins: origins.to_vec(),
    }
}

/// For each round, each finding's [`RoundSlice::origins`]: walking back from its
/// predecessor `id` in round `j`, the first finding of round `j` called `id` leads to its
/// own predecessor in round `j - 1`, until round 0 or a finding that continues none (or
/// no finding called `id`: the walk stops at round `j`).
fn origins(flow: &ThreadFlow) -> Vec<Vec<usize>> {
    let mut out = Vec::with_capacity(flow.lineage.rounds.len());
    // Where the issue of the first finding called `id` of the round before began.
    let mut before: HashMap<&str, usize> = HashMap::new();
    for (j, round) in flow.lineage.rounds.iter().enumerate() {
        let back = |id: &str| before.get(id).copied().unwrap_or(j.saturating_sub(1));
        let mine: Vec<usize> = round
            .findings
            .iter()
            .map(|f| f.previous.as_ref().map_or(0, |p| back(&p.id)))
            .collect();
        let mut here: HashMap<&str, usize> = HashMap::new();
        for (f, o) in round.findings.iter().zip(&mine) {
            let began = if j == 0 {
                0
            } else if f.previous.is_some() {
                *o
            } else {
                j
            };
            here.entry(f.id.as_str()).or_insert(began);
        }
        out.push(mine);
        before = here;
    }
    out
}

fn pack<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let bytes = rmp_serde::to_vec_named(value).context("cannot pack a thread's flow")?;
    Ok(lz4_flex::compress_prepend_size(&bytes))
}

fn unpack<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let raw = lz4_flex::decompress_size_prepended(bytes).context("packed flow is corrupt")?;
    rmp_serde::from_slice(&raw).context("packed flow is corrupt")
}
