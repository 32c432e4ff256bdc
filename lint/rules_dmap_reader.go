package lint

import (
	"regexp"
	"strings"

	"github.com/sfnsim/sfnsim/asl/jsonata"

	"github.com/sfnsim/sfnsim/asl"
)

// Distributed Map, part 3: the ItemReader, which reads the items from
// Amazon S3. Source: distributed-map.md §1.2 and §2 (AWS "ItemReader (Map)",
// section updated Sep 11 2025; observed AWS behaviour).

var ruleDmapReaderResource = register(&Rule{
	ID: "DMAP019", Name: "item-reader-resource", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an ItemReader has no Resource, or one other than s3:getObject or s3:listObjectsV2",
	Doc: "An ItemReader reads items with one of two S3 integrations: arn:aws:states:::s3:getObject (one " +
		"object: a CSV, JSON, JSONL or Parquet file, or a manifest) or arn:aws:states:::s3:listObjectsV2 " +
		"(the objects under a prefix). The Resource is required and is one of these two ARNs (another " +
		"partition such as aws-cn is accepted; a ${…} placeholder is not checked).",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjects", "Parameters": {"Bucket": "my-bucket", "Prefix": "in/"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "my-bucket", "Prefix": "in/"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map); ASL specification: Map state (ItemReader)",
})

var ruleDmapReaderArgs = register(&Rule{
	ID: "DMAP020", Name: "item-reader-bucket-key", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an s3:getObject reader lacks Bucket or Key, or an s3:listObjectsV2 reader lacks Bucket",
	Doc: "The ItemReader's Parameters (JSONPath) or Arguments (JSONata) are the S3 request: s3:getObject " +
		"needs Bucket and Key (optionally VersionId and ExpectedBucketOwner), s3:listObjectsV2 needs Bucket " +
		"(and usually Prefix). In JSONPath, \"Bucket.$\" and \"Key.$\" read them from the input. Arguments " +
		"given as one \"{% … %}\" expression are not checked.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
    "Parameters": {"Bucket": "my-bucket"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
    "Parameters": {"Bucket": "my-bucket", "Key.$": "$.key"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): Parameters",
})

var ruleDmapInputType = register(&Rule{
	ID: "DMAP021", Name: "item-reader-input-type", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ReaderConfig.InputType is not CSV, JSON, JSONL, PARQUET or MANIFEST, or an s3:getObject reader has none",
	Doc: "InputType says how the object read with s3:getObject is parsed: CSV, JSON, JSONL, PARQUET, or " +
		"MANIFEST (an S3 inventory manifest.json, the older form of ManifestType S3_INVENTORY). It is " +
		"required with s3:getObject, except with a ManifestType (S3_INVENTORY takes no InputType; " +
		"ATHENA_DATA is checked by DMAP028). A plain s3:listObjectsV2 listing takes no InputType; with " +
		"Transformation LOAD_AND_FLATTEN it names the format of the listed objects.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "my-bucket", "Key": "items.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
    "Parameters": {"Bucket": "my-bucket", "Key": "items.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): ReaderConfig",
})

var ruleDmapCSVHeaders = register(&Rule{
	ID: "DMAP022", Name: "csv-headers-given", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "CSVHeaderLocation GIVEN without CSVHeaders (error), or CSVHeaders without GIVEN (warning)",
	Doc: "With \"CSVHeaderLocation\": \"GIVEN\" the CSV file has no header row and CSVHeaders lists the " +
		"column names, so it must be a non-empty array (an error otherwise). CSVHeaders with FIRST_ROW, or " +
		"without a CSVHeaderLocation, is not used — the names come from the first row — so it is reported " +
		"as a warning: set GIVEN, or remove CSVHeaders.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"},
    "Parameters": {"Bucket": "my-bucket", "Key": "athena/unload.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "name"]},
    "Parameters": {"Bucket": "my-bucket", "Key": "athena/unload.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader", "csv"},
	Source: "AWS ItemReader (Map): ReaderConfig (CSVHeaderLocation, CSVHeaders)",
})

var ruleDmapCSVHeadersDuplicate = register(&Rule{
	ID: "DMAP023", Name: "csv-headers-duplicate", Severity: Error,
	Summary: "CSVHeaders repeats a column name (the Map Run always fails)",
	Doc: "AWS accepts the definition, but every run fails when the reader starts: States.ItemReaderFailed " +
		"with the cause \"CSV headers cannot contain duplicates.\" (observed on AWS). Give every column a " +
		"distinct name.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "value", "value"]},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "value", "value2"]},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader", "csv", "runtime"},
	Source: "observed on AWS (2023-09): States.ItemReaderFailed \"CSV headers cannot contain duplicates.\"",
})

var ruleDmapCSVEnum = register(&Rule{
	ID: "DMAP024", Name: "csv-option-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "CSVHeaderLocation is not FIRST_ROW or GIVEN, or CSVDelimiter not COMMA, PIPE, SEMICOLON, SPACE or TAB",
	Doc: "CSVHeaderLocation is FIRST_ROW or GIVEN. CSVDelimiter names the separator rather than writing " +
		"it: COMMA (the default), PIPE, SEMICOLON, SPACE or TAB.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": ";"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": "SEMICOLON"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.csv"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader", "csv"},
	Source: "AWS ItemReader (Map): ReaderConfig (CSVHeaderLocation, CSVDelimiter)",
})

var ruleDmapCSVFields = register(&Rule{
	ID: "DMAP025", Name: "csv-option-unused", Severity: Warning,
	Summary: "CSV options on an ItemReader that does not read CSV",
	Doc: "CSVHeaderLocation, CSVHeaders and CSVDelimiter apply to CSV data only: InputType CSV, MANIFEST, " +
		"or ManifestType S3_INVENTORY (whose data files are CSV). With JSON, JSONL or Parquet, or a plain " +
		"s3:listObjectsV2 listing, they have no effect — often a sign that the InputType is wrong.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "JSONL", "CSVHeaderLocation": "FIRST_ROW"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.jsonl"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "JSONL"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.jsonl"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "item-reader", "csv"},
	Source: "AWS ItemReader (Map): ReaderConfig",
})

var ruleDmapLoadAndFlatten = register(&Rule{
	ID: "DMAP027", Name: "load-and-flatten", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "Transformation LOAD_AND_FLATTEN with s3:getObject, or without an InputType of CSV, JSON, JSONL or PARQUET",
	Doc: "\"Transformation\": \"LOAD_AND_FLATTEN\" makes an s3:listObjectsV2 reader read every listed object " +
		"and iterate over the records inside them instead of over the object list. It needs an InputType " +
		"(CSV, JSON, JSONL or PARQUET) saying how to parse those objects, and it does not apply to " +
		"s3:getObject, which reads one object anyway.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"Transformation": "LOAD_AND_FLATTEN"},
    "Parameters": {"Bucket": "my-bucket", "Prefix": "logs/"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"Transformation": "LOAD_AND_FLATTEN", "InputType": "JSONL"},
    "Parameters": {"Bucket": "my-bucket", "Prefix": "logs/"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): ReaderConfig (Transformation)",
})

var ruleDmapManifestType = register(&Rule{
	ID: "DMAP028", Name: "manifest-type-input-type", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ManifestType S3_INVENTORY with an InputType, or ATHENA_DATA without CSV, JSONL or PARQUET",
	Doc: "ManifestType S3_INVENTORY reads an S3 Inventory manifest.json whose data files are always CSV: " +
		"it takes no InputType. ATHENA_DATA reads the manifest of an Athena UNLOAD and needs the format of " +
		"the unloaded files as InputType: CSV, JSONL or PARQUET.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"ManifestType": "S3_INVENTORY", "InputType": "CSV"},
    "Parameters": {"Bucket": "inventory-bucket", "Key": "source/config/2025-01-01T01-00Z/manifest.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"ManifestType": "S3_INVENTORY"},
    "Parameters": {"Bucket": "inventory-bucket", "Key": "source/config/2025-01-01T01-00Z/manifest.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): ReaderConfig (ManifestType)",
})

var ruleDmapVersionID = register(&Rule{
	ID: "DMAP029", Name: "version-id-parquet", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an ItemReader reading Parquet sets VersionId",
	Doc: "The AWS ItemReader documentation excludes VersionId for Parquet files: the reader cannot pin " +
		"an object version of a Parquet file. Remove VersionId, or copy the wanted version to its own key.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "PARQUET"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.parquet", "VersionId": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "PARQUET"},
    "Parameters": {"Bucket": "my-bucket", "Key": "data.parquet"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): Parameters (VersionId)",
})

var ruleDmapItemsPointer = register(&Rule{
	ID: "DMAP030", Name: "items-pointer", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ItemsPointer with an InputType other than JSON, or not a JSON Pointer",
	Doc: "ItemsPointer selects the array (or object) to iterate over inside a JSON file read with " +
		"\"InputType\": \"JSON\". It is a JSON Pointer (RFC 6901) such as /inventory/products: \"\" or a " +
		"string of /-separated tokens, with ~0 for ~ and ~1 for / — not a JSONPath like $.inventory. AWS " +
		"also documents limits (target within the first 16 MB, pointer shorter than 2,000 characters) that " +
		"are not checked.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "$.inventory.products"},
    "Parameters": {"Bucket": "my-bucket", "Key": "catalog.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "/inventory/products"},
    "Parameters": {"Bucket": "my-bucket", "Key": "catalog.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): ReaderConfig (ItemsPointer); RFC 6901",
})

var ruleDmapItemsPathWithReader = register(&Rule{
	ID: "DMAP031", Name: "items-path-with-reader", Severity: Warning,
	Summary: "ItemsPath together with ItemReader, where it is ignored",
	Doc: "When an ItemReader reads the items from S3, ItemsPath is accepted but ignored at run time " +
		"(observed on AWS, 2025-01): the Map iterates over what the reader returns. To iterate over an " +
		"array nested in a JSON file, use ReaderConfig.ItemsPointer; otherwise remove ItemsPath.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.products",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
    "Parameters": {"Bucket": "my-bucket", "Key": "catalog.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "/products"},
    "Parameters": {"Bucket": "my-bucket", "Key": "catalog.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "item-reader"},
	Source: "observed on AWS (2025-01): ItemsPath ignored with ItemReader; AWS ItemReader (Map)",
})

var ruleDmapListPrefix = register(&Rule{
	ID: "DMAP032", Name: "list-prefix-slash", Severity: Info,
	Summary: "an s3:listObjectsV2 Prefix does not end with /",
	Doc: "S3 matches a prefix character by character: Prefix \"folder1\" also lists folder10/… and " +
		"folder1-old/…. To list one folder, end the prefix with / (AWS ItemReader documentation). Ignore " +
		"this advice when matching key names by their beginning is what you want.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "my-bucket", "Prefix": "images"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "my-bucket", "Prefix": "images/"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map): listObjectsV2 Prefix",
})

// The two ItemReader integrations.
const (
	dmapGetObject     = "arn:aws:states:::s3:getObject"
	dmapListObjectsV2 = "arn:aws:states:::s3:listObjectsV2"
)

var (
	dmapInputTypes     = []string{"CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"}
	dmapHeaderLocation = []string{"FIRST_ROW", "GIVEN"}
	dmapDelimiters     = []string{"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"}
	// dmapDelimiterNames maps a separator written out to its name.
	dmapDelimiterNames = map[string]string{",": "COMMA", "|": "PIPE", ";": "SEMICOLON", " ": "SPACE", "\t": "TAB", `\t`: "TAB"}
	dmapCSVFields      = []string{"CSVHeaderLocation", "CSVHeaders", "CSVDelimiter"}
	dmapS3ARN          = regexp.MustCompile(`^arn:[a-z0-9-]+:states:::s3:([A-Za-z0-9]+)$`)
)

// dmapReader is what the ItemReader checks share about one reader.
type dmapReader struct {
	s    *asl.State
	node *asl.Node // the ItemReader object
	// resource is dmapGetObject or dmapListObjectsV2 when the Resource is
	// one of them (in any partition), else "".
	resource string
	args     *asl.Node // Parameters or Arguments; nil when absent
	argsName string
	rc       *asl.Node // ReaderConfig object, or nil
	// inputType is InputType when it is one of dmapInputTypes, else "".
	inputType    string
	hasInputType bool
	manifestType string
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Type != "Map" || s.Node.Kind != asl.Object {
			return
		}
		checkDmapReader(p, s)
	}})
}

func checkDmapReader(p *Pass, s *asl.State) {
	node := s.Field("ItemReader")
	if node == nil || node.Kind != asl.Object {
		return
	}
	r := &dmapReader{s: s, node: node}
	r.resource = checkDmapReaderResource(p, r)
	r.args, r.argsName = dmapArgs(s, node)
	if rc := node.Get("ReaderConfig"); rc != nil && rc.Kind == asl.Object {
		r.rc = rc
	}
	if it := r.rc.Get("InputType"); it != nil {
		r.hasInputType = true
		if v, ok := it.StringValue(); ok && contains(dmapInputTypes, v) {
			r.inputType = v
		} else if ok && isPlaceholder(v) {
			// a template placeholder: the type is not known
		} else if ok {
			p.Report(ruleDmapInputType, it, "InputType %q is not %s%s", v, quoteList(dmapInputTypes, "or"), didYouMean(v, dmapInputTypes))
		} else {
			p.Report(ruleDmapInputType, it, "InputType must be %s, not %s", quoteList(dmapInputTypes, "or"), dmapKind(it))
		}
	}
	r.manifestType = r.rc.GetString("ManifestType")

	checkDmapReaderArgs(p, r)
	if !r.hasInputType && r.resource == dmapGetObject && r.manifestType == "" {
		p.ReportKey(ruleDmapInputType, dmapReaderAnchor(r), dmapReaderAnchorKey(r),
			"ItemReader of Map state %q reads one S3 object but has no \"InputType\" to parse it; add \"ReaderConfig\": {\"InputType\": \"CSV\"} (or \"JSON\", \"JSONL\", \"PARQUET\", \"MANIFEST\")", s.Name)
	}
	checkDmapCSV(p, r)
	checkDmapTransformation(p, r)
	checkDmapManifest(p, r)
	checkDmapItemsPointer(p, r)
	if ip := s.Field("ItemsPath"); ip != nil && ip.Str != "$" && !dmapWrongLanguage(s, "ItemsPath") {
		p.ReportKey(ruleDmapItemsPathWithReader, s.Node, "ItemsPath",
			"ItemsPath is ignored when ItemReader reads the items from S3; remove it, or select an array inside a JSON file with \"ReaderConfig\": {\"ItemsPointer\": \"/…\"}")
	}
	checkDmapPrefix(p, r)
}

// checkDmapReaderResource checks the Resource (DMAP019) and returns which
// of the two integrations it is.
func checkDmapReaderResource(p *Pass, r *dmapReader) string {
	res := r.node.Get("Resource")
	if res == nil {
		p.ReportKey(ruleDmapReaderResource, r.s.Node, "ItemReader",
			"ItemReader of Map state %q has no \"Resource\"; set %q (one object) or %q (a listing)", r.s.Name, dmapGetObject, dmapListObjectsV2)
		return ""
	}
	v, ok := res.StringValue()
	if !ok {
		return "" // a schema finding
	}
	norm := dmapNormalizeARN(v)
	if m := dmapS3ARN.FindStringSubmatch(norm); m != nil {
		switch m[1] {
		case "getObject":
			return dmapGetObject
		case "listObjectsV2":
			return dmapListObjectsV2
		}
	}
	if dmapOpaque(v) {
		return ""
	}
	hint := didYouMean(v, []string{dmapGetObject, dmapListObjectsV2})
	if hint == "" {
		hint = "; use " + quote(dmapGetObject) + " or " + quote(dmapListObjectsV2)
	}
	p.Report(ruleDmapReaderResource, res, "ItemReader Resource %q is not an S3 reader integration%s", v, hint)
	return ""
}

// dmapArgs returns the request object of an ItemReader or ResultWriter:
// Parameters, or Arguments, preferring the field of the state's language.
func dmapArgs(s *asl.State, obj *asl.Node) (*asl.Node, string) {
	names := []string{"Parameters", "Arguments"}
	if s.QueryLanguage == asl.JSONata {
		names[0], names[1] = names[1], names[0]
	}
	for _, n := range names {
		if v := obj.Get(n); v != nil {
			return v, n
		}
	}
	return nil, names[0]
}

// dmapArgsHas reports whether a request object sets field, literally or,
// in JSONPath, through "field.$".
func dmapArgsHas(args *asl.Node, field string) bool {
	return args.Has(field) || args.Has(field+".$")
}

// checkDmapReaderArgs checks Bucket and Key (DMAP020) and VersionId with
// Parquet (DMAP029).
func checkDmapReaderArgs(p *Pass, r *dmapReader) {
	if r.resource == "" {
		return
	}
	need := []string{"Bucket", "Key"}
	if r.resource == dmapListObjectsV2 {
		need = need[:1]
	}
	if r.args == nil {
		p.ReportKey(ruleDmapReaderArgs, r.s.Node, "ItemReader", "ItemReader of Map state %q has no %q; add %q with %s",
			r.s.Name, r.argsName, r.argsName, quoteList(need, "and"))
		return
	}
	if r.args.Kind != asl.Object {
		return // a "{% %}" expression, or a schema finding
	}
	var missing []string
	for _, f := range need {
		if !dmapArgsHas(r.args, f) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		verb := "reads one object"
		if r.resource == dmapListObjectsV2 {
			verb = "lists objects"
		}
		p.ReportKey(ruleDmapReaderArgs, r.node, r.argsName, "ItemReader of Map state %q %s but its %s has no %s; add %s",
			r.s.Name, verb, r.argsName, quoteList(missing, "or"), quoteList(missing, "and"))
	}
	if r.inputType == "PARQUET" {
		for _, k := range []string{"VersionId", "VersionId.$"} {
			if r.args.Has(k) {
				p.ReportKey(ruleDmapVersionID, r.args, k, "%q cannot be used with \"InputType\": \"PARQUET\"; remove it", k)
			}
		}
	}
}

// dmapReaderAnchor is where a finding about a missing ReaderConfig field is
// reported: the ReaderConfig key, or the ItemReader key when there is none.
func dmapReaderAnchor(r *dmapReader) *asl.Node {
	if r.rc != nil {
		return r.node
	}
	return r.s.Node
}

func dmapReaderAnchorKey(r *dmapReader) string {
	if r.rc != nil {
		return "ReaderConfig"
	}
	return "ItemReader"
}

// dmapReaderFormat describes what the reader parses when that is known:
// "\"InputType\": \"JSON\"", "S3 Inventory CSV files", "an S3 object
// listing"; "" when it is not (an invalid or missing InputType, reported by
// DMAP021 or DMAP027). csv tells whether that is CSV data.
func dmapReaderFormat(r *dmapReader) (what string, csv bool) {
	switch {
	case r.inputType != "":
		return "\"InputType\": " + quote(r.inputType), r.inputType == "CSV" || r.inputType == "MANIFEST"
	case r.hasInputType:
		return "", false
	case r.manifestType == "S3_INVENTORY":
		return "S3 Inventory CSV files", true
	case r.resource == dmapListObjectsV2 && r.rc.GetString("Transformation") != "LOAD_AND_FLATTEN":
		return "an S3 object listing", false
	}
	return "", false
}

// checkDmapCSV checks the CSV options (DMAP022–025).
func checkDmapCSV(p *Pass, r *dmapReader) {
	rc := r.rc
	if rc == nil {
		return
	}
	if what, csv := dmapReaderFormat(r); what != "" && !csv {
		for _, f := range dmapCSVFields {
			if rc.Has(f) {
				p.ReportKey(ruleDmapCSVFields, rc, f, "%q applies only to CSV data, but the ItemReader of Map state %q reads %s; remove it, or set \"InputType\": \"CSV\"",
					f, r.s.Name, what)
			}
		}
	}
	loc := rc.Get("CSVHeaderLocation")
	locName, _ := loc.StringValue()
	if loc != nil && !contains(dmapHeaderLocation, locName) {
		dmapReportEnum(p, ruleDmapCSVEnum, loc, "CSVHeaderLocation", dmapHeaderLocation, nil)
		locName = "?"
	}
	if d := rc.Get("CSVDelimiter"); d != nil {
		if v, _ := d.StringValue(); !contains(dmapDelimiters, v) {
			dmapReportEnum(p, ruleDmapCSVEnum, d, "CSVDelimiter", dmapDelimiters, dmapDelimiterNames)
		}
	}
	headers := rc.Get("CSVHeaders")
	switch {
	case locName == "GIVEN" && headers == nil:
		p.Report(ruleDmapCSVHeaders, loc,
			"\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\", the list of column names; add it, or use \"FIRST_ROW\" when the file's first row holds the names")
	case locName == "GIVEN" && headers.Kind == asl.Array && len(headers.Elems) == 0:
		p.Report(ruleDmapCSVHeaders, headers, "CSVHeaders is empty; list the column names of the CSV data")
	case headers != nil && (locName == "" || locName == "FIRST_ROW"):
		p.atSeverity(Warning, func() {
			p.ReportKey(ruleDmapCSVHeaders, rc, "CSVHeaders",
				"\"CSVHeaders\" is used only with \"CSVHeaderLocation\": \"GIVEN\"; set that, or remove CSVHeaders to take the names from the first row")
		})
	}
	if headers == nil || headers.Kind != asl.Array {
		return
	}
	first := map[string]int{}
	for i, h := range headers.Elems {
		name, ok := h.StringValue()
		if !ok {
			continue
		}
		if j, dup := first[name]; dup {
			p.Report(ruleDmapCSVHeadersDuplicate, h,
				"CSV header %q is repeated (first at index %d), so every run fails with States.ItemReaderFailed (CSV headers cannot contain duplicates); give each column its own name", name, j)
			continue
		}
		first[name] = i
	}
}

// dmapReportEnum reports a value that is not one of names, suggesting the
// closest name, or the name of a value written out (e.g. ";" → SEMICOLON).
func dmapReportEnum(p *Pass, r *Rule, v *asl.Node, field string, names []string, written map[string]string) {
	s, ok := v.StringValue()
	if ok && isPlaceholder(s) {
		return
	}
	if !ok {
		p.Report(r, v, "%s must be %s, not %s", field, quoteList(names, "or"), dmapKind(v))
		return
	}
	if name, ok := written[s]; ok {
		p.Report(r, v, "%s %q is not a delimiter name; write %q", field, s, name)
		return
	}
	p.Report(r, v, "%s %q is not %s%s", field, s, quoteList(names, "or"), didYouMean(s, names))
}

// checkDmapTransformation checks LOAD_AND_FLATTEN (DMAP027).
func checkDmapTransformation(p *Pass, r *dmapReader) {
	tr := r.rc.Get("Transformation")
	if v, _ := tr.StringValue(); v != "LOAD_AND_FLATTEN" {
		return
	}
	switch {
	case r.resource == dmapGetObject:
		p.Report(ruleDmapLoadAndFlatten, tr,
			"\"Transformation\": \"LOAD_AND_FLATTEN\" reads every object of an s3:listObjectsV2 listing, but this ItemReader reads one object with s3:getObject; remove it")
	case !r.hasInputType:
		p.Report(ruleDmapLoadAndFlatten, tr,
			"\"Transformation\": \"LOAD_AND_FLATTEN\" needs an \"InputType\" to parse the listed objects; add \"InputType\": \"CSV\", \"JSON\", \"JSONL\" or \"PARQUET\"")
	case r.inputType == "MANIFEST":
		p.Report(ruleDmapLoadAndFlatten, r.rc.Get("InputType"),
			"InputType \"MANIFEST\" cannot be used with \"Transformation\": \"LOAD_AND_FLATTEN\"; use \"CSV\", \"JSON\", \"JSONL\" or \"PARQUET\"")
	}
}

// checkDmapManifest checks ManifestType against InputType (DMAP028).
func checkDmapManifest(p *Pass, r *dmapReader) {
	switch r.manifestType {
	case "S3_INVENTORY":
		if r.hasInputType {
			p.ReportKey(ruleDmapManifestType, r.rc, "InputType",
				"\"ManifestType\": \"S3_INVENTORY\" reads CSV inventory files and takes no \"InputType\"; remove it")
		}
	case "ATHENA_DATA":
		switch {
		case !r.hasInputType:
			p.Report(ruleDmapManifestType, r.rc.Get("ManifestType"),
				"\"ManifestType\": \"ATHENA_DATA\" needs the format of the unloaded files; add \"InputType\": \"CSV\", \"JSONL\" or \"PARQUET\"")
		case r.inputType != "" && r.inputType != "CSV" && r.inputType != "JSONL" && r.inputType != "PARQUET":
			p.Report(ruleDmapManifestType, r.rc.Get("InputType"),
				"InputType %q cannot be used with \"ManifestType\": \"ATHENA_DATA\"; use \"CSV\", \"JSONL\" or \"PARQUET\"", r.inputType)
		}
	}
}

var dmapSimpleJSONPath = regexp.MustCompile(`^\$((\.[A-Za-z0-9_-]+)|(\[\d+\]))+$`)

// checkDmapItemsPointer checks ItemsPointer (DMAP030).
func checkDmapItemsPointer(p *Pass, r *dmapReader) {
	ip := r.rc.Get("ItemsPointer")
	v, ok := ip.StringValue()
	if !ok || isPlaceholder(v) || (jsonata.IsExpression(v) && r.s.QueryLanguage == asl.JSONata) {
		return
	}
	if what, _ := dmapReaderFormat(r); what != "" && r.inputType != "JSON" {
		p.ReportKey(ruleDmapItemsPointer, r.rc, "ItemsPointer",
			"ItemsPointer selects items inside a JSON file, but the ItemReader of Map state %q reads %s; remove it, or read JSON with \"InputType\": \"JSON\"", r.s.Name, what)
		return
	}
	if v == "" {
		return
	}
	if v[0] != '/' {
		hint := "start it with \"/\": " + quote("/"+v)
		if dmapSimpleJSONPath.MatchString(v) {
			hint = "write " + quote(dmapPathToPointer(v))
		}
		p.ReportInString(ruleDmapItemsPointer, ip, 0, 1, "ItemsPointer %q is not a JSON Pointer; %s", v, hint)
		return
	}
	for i := 0; i < len(v); i++ {
		if v[i] == '~' && (i+1 == len(v) || (v[i+1] != '0' && v[i+1] != '1')) {
			p.ReportInString(ruleDmapItemsPointer, ip, i, 1,
				"ItemsPointer %q has a \"~\" that is not \"~0\" or \"~1\"; write \"~0\" for \"~\" and \"~1\" for \"/\" in a key", v)
			return
		}
	}
}

// dmapPathToPointer turns a simple JSONPath ($.a.b[0]) into a JSON Pointer
// (/a/b/0).
func dmapPathToPointer(path string) string {
	s := strings.TrimPrefix(path, "$")
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	s = strings.NewReplacer("[", ".", "]", "").Replace(s)
	return strings.ReplaceAll(s, ".", "/")
}

// checkDmapPrefix advises a trailing / on a literal listing prefix (DMAP032).
func checkDmapPrefix(p *Pass, r *dmapReader) {
	if r.resource != dmapListObjectsV2 || r.args == nil {
		return
	}
	prefix := r.args.Get("Prefix")
	v, ok := prefix.StringValue()
	if !ok || v == "" || strings.HasSuffix(v, "/") || isPlaceholder(v) || jsonata.IsExpression(v) {
		return
	}
	p.Report(ruleDmapListPrefix, prefix,
		"Prefix %q has no trailing \"/\", so it also lists keys such as %s; end it with \"/\" to list only that folder",
		v, quote(v+"-old/…"))
}
