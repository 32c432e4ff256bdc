// Package series holds the statistics and timelines that `sfnsim simulate`
// reports for a Distributed Map run: latency histograms, a bounded timeline of
// running children and per-interval event counts, and renderers that turn the
// timeline into CSV, SVG, HTML and terminal sparklines.
//
// A simulated run may have ten million child executions, so nothing here keeps
// per-sample storage: a Histogram is a fixed array of log-linear buckets and a
// Timeline is a fixed number of intervals whose width doubles as the run grows.
// Recording into either never allocates after construction, which keeps the
// simulator's hot loop free of garbage.
package series
