//! Enriching parsed reviews: sidecar values, resolutions attached to their findings.
