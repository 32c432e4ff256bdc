package lint

import (
	"fmt"
	"regexp"

	"github.com/sfnsim/sfnsim/asl"
)

// Distributed Map, part 4: the ResultWriter, which exports the child
// executions' results to Amazon S3. Source: distributed-map.md §1.4, §3.5,
// §3.6 and §2 (AWS "ResultWriter (Map)").

var ruleDmapWriterShape = register(&Rule{
	ID: "DMAP033", Name: "result-writer-fields", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a ResultWriter is empty, or has Resource without Parameters or Parameters without Resource",
	Doc: "A ResultWriter takes one of three forms: WriterConfig alone (formats the Map's own result, no " +
		"export), Resource with Parameters (JSONata: Arguments) (exports to S3), or all three (exports " +
		"in the given format). An empty ResultWriter, a Resource without the Bucket to write to, or " +
		"Parameters without a Resource is rejected.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results", "Prefix": "runs/"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "result-writer"},
	Source: "AWS ResultWriter (Map)",
})

var ruleDmapWriterResource = register(&Rule{
	ID: "DMAP034", Name: "result-writer-resource", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a ResultWriter's Resource is not s3:putObject, or its Parameters have no Bucket",
	Doc: "Results are exported with the arn:aws:states:::s3:putObject integration (another partition such " +
		"as aws-cn is accepted; a ${…} placeholder is not checked), into the Bucket named in Parameters " +
		"(JSONata: Arguments), under an optional Prefix. The bucket must be in the state machine's account " +
		"and Region, or the run fails with States.ResultWriterFailed; that is not checked here.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Prefix": "runs/"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results", "Prefix": "runs/"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "result-writer"},
	Source: "AWS ResultWriter (Map)",
})

var ruleDmapWriterConfig = register(&Rule{
	ID: "DMAP035", Name: "writer-config", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "WriterConfig OutputType is not JSON or JSONL, or Transformation not NONE, COMPACT or FLATTEN; no OutputType (warning)",
	Doc: "WriterConfig formats the results: OutputType JSON (one array per file) or JSONL (one result per " +
		"line), and Transformation NONE (child outputs with execution metadata), COMPACT (outputs only) or " +
		"FLATTEN (outputs, child arrays flattened one level). Other values are errors. A WriterConfig " +
		"without OutputType is reported as a warning: AWS's own editor schema requires it, but whether AWS " +
		"rejects its absence is unverified.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"WriterConfig": {"OutputType": "CSV", "Transformation": "COMPACT"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "COMPACT"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "result-writer"},
	Source: "AWS ResultWriter (Map): WriterConfig",
})

var ruleDmapNotExported = register(&Rule{
	ID: "DMAP036", Name: "result-not-exported", Severity: Warning,
	Summary: "a Distributed Map reading from S3 keeps its results in the state output instead of exporting them",
	Doc: "Without a ResultWriter export, the Map's result is an array of every child's output, and a " +
		"result over 256 KiB fails the execution with States.DataLimitExceeded, which cannot be caught or " +
		"retried. An ItemReader usually brings more items than that can hold. Add a ResultWriter with " +
		"\"Resource\": \"arn:aws:states:::s3:putObject\" and \"Parameters\": {\"Bucket\": …, \"Prefix\": …}: " +
		"the Map's result is then only a small reference to the manifest in S3. Discarding the result " +
		"with \"ResultPath\": null is not a dependable alternative: users report States.DataLimitExceeded " +
		"with it too (aws-cdk issue #24799). A WriterConfig alone formats the result but does not export it.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "my-bucket", "Prefix": "in/"}},
  "ItemBatcher": {"MaxItemsPerBatch": 100},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "my-bucket", "Prefix": "in/"}},
  "ItemBatcher": {"MaxItemsPerBatch": 100},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results", "Prefix": "runs/"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "result-writer", "payload"},
	Source: "AWS ResultWriter (Map); distributed-map.md §3.5–3.6 (aws-cdk issue #24799)",
})

const dmapPutObject = "arn:aws:states:::s3:putObject"

var (
	dmapOutputTypes            = []string{"JSON", "JSONL"}
	dmapWriterTransformations  = []string{"NONE", "COMPACT", "FLATTEN"}
	dmapPutObjectARN           = regexp.MustCompile(`^arn:[a-z0-9-]+:states:::s3:putObject$`)
	dmapWriterExportSuggestion = `"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "…", "Prefix": "…"}`
)

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Type != "Map" || s.Node.Kind != asl.Object {
			return
		}
		exported := checkDmapWriter(p, s)
		if !exported && s.IsDistributed() && s.Field("ItemReader") != nil {
			p.ReportRange(ruleDmapNotExported, s.Node.Pointer(), s.NameRange, fmt.Sprintf(
				"Map state %q reads its items with ItemReader but keeps every child's output in its result, which fails the execution with States.DataLimitExceeded above 256 KiB; export the results with \"ResultWriter\": {%s}",
				s.Name, dmapWriterExportSuggestion))
		}
	}})
}

// checkDmapWriter checks the ResultWriter (DMAP033–035) and reports whether
// it exports the results to S3.
func checkDmapWriter(p *Pass, s *asl.State) bool {
	rw := s.Field("ResultWriter")
	if rw == nil || rw.Kind != asl.Object {
		return rw != nil // not an object: a schema finding, and no DMAP036 on top
	}
	res := rw.Get("Resource")
	args, argsName := dmapArgs(s, rw)
	wc := rw.Get("WriterConfig")
	switch {
	case len(rw.Members) == 0:
		p.ReportKey(ruleDmapWriterShape, s.Node, "ResultWriter",
			"ResultWriter of Map state %q is empty; add %s to export the results to S3, or \"WriterConfig\" to format them, or remove it",
			s.Name, dmapWriterExportSuggestion)
		return true
	case res != nil && args == nil:
		p.ReportKey(ruleDmapWriterShape, rw, "Resource",
			"ResultWriter has a \"Resource\" but no %q; add \"%s\": {\"Bucket\": \"…\", \"Prefix\": \"…\"} naming where the results go",
			argsName, argsName)
	case res == nil && args != nil:
		p.ReportKey(ruleDmapWriterShape, rw, argsName,
			"ResultWriter has %q but no \"Resource\"; add \"Resource\": %q", argsName, dmapPutObject)
	}

	if v, ok := res.StringValue(); ok && !dmapPutObjectARN.MatchString(dmapNormalizeARN(v)) && !dmapOpaque(v) {
		hint := didYouMean(v, []string{dmapPutObject})
		if hint == "" {
			hint = "; use " + quote(dmapPutObject)
		}
		p.Report(ruleDmapWriterResource, res, "ResultWriter Resource %q is not the S3 export integration%s", v, hint)
	}
	if args != nil && args.Kind == asl.Object && !dmapArgsHas(args, "Bucket") {
		p.ReportKey(ruleDmapWriterResource, rw, argsName,
			"ResultWriter %s has no \"Bucket\"; name the S3 bucket the results are written to", argsName)
	}

	if wc != nil && wc.Kind == asl.Object {
		if ot := wc.Get("OutputType"); ot == nil {
			p.atSeverity(Warning, func() {
				p.ReportKey(ruleDmapWriterConfig, rw, "WriterConfig",
					"WriterConfig has no \"OutputType\"; add \"OutputType\": \"JSON\" or \"JSONL\"")
			})
		} else if v, _ := ot.StringValue(); !contains(dmapOutputTypes, v) {
			dmapReportEnum(p, ruleDmapWriterConfig, ot, "OutputType", dmapOutputTypes, nil)
		}
		if tr := wc.Get("Transformation"); tr != nil {
			if v, _ := tr.StringValue(); !contains(dmapWriterTransformations, v) {
				dmapReportEnum(p, ruleDmapWriterConfig, tr, "Transformation", dmapWriterTransformations, nil)
			}
		}
	}
	return res != nil || args != nil
}
