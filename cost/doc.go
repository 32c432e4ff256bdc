// Package cost is the pricing model behind `sfnsim cost`: it turns one
// month's usage (Step Functions Standard transitions, Express requests and
// duration, Lambda requests and duration, S3 requests) into a bill.
//
// Money is exact: amounts are big.Rat values and only displayed strings are
// rounded (half-up, to cents), because the worked examples of the spec
// (shared/spec/quotas-and-pricing.md §3) must be reproduced to the cent and
// float64 drifts on sums of millions of sub-cent charges.
//
// Prices come from an embedded, dated table (prices/aws.json) that callers
// can partially override with a JSON document of the same shape.
package cost
