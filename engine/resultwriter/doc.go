// Package resultwriter gives a Distributed Map's results the shape AWS Step
// Functions gives them (distributed-map spec §1.4, §3.6, §3.7).
//
// With an S3 export (ResultWriter Resource + Parameters/Arguments), a Writer
// files each child execution under <Prefix>/<mapRunID>/ as AWS does:
// SUCCEEDED_n.json, FAILED_n.json (failed, timed-out and aborted children),
// PENDING_n.json (items never started) and a manifest.json listing them, and
// the Map's result becomes {"MapRunArn", "ResultWriterDetails"}. Without an
// export, Transform turns the children into the Map's in-state result.
//
// Use:
//
//	cfg, err := resultwriter.ParseConfig(writerNode, resolvedArgs)
//	if !cfg.Export {
//		result, err := resultwriter.Transform(cfg, records)
//		...
//	}
//	w := resultwriter.New(store, cfg, mapRunArn, mapRunID)
//	for _, r := range records { err = w.Add(ctx, r) }
//	result, err := w.Close(ctx) // *asl.StatesError States.ResultWriterFailed when S3 refuses
package resultwriter
