package cost

import (
	"math/big"
	"strconv"
	"strings"
)

// Architectures Lambda bills with separate duration tiers.
const (
	ArchX86 = "x86_64"
	ArchARM = "arm64"
)

// tier is one step of a tiered price. Tiers apply to the month's total usage
// of a unit (GB-hours for Express, GB-seconds for Lambda).
type tier struct {
	upTo  *big.Rat // cumulative upper bound of the tier; nil for the last, open tier
	price *big.Rat // per unit
}

type standardRegion struct{ per1000 *big.Rat }

type expressRegion struct {
	perMillion *big.Rat
	tiers      []tier // per GB-hour, per the spec's rounding rule
}

type lambdaRegion struct {
	perMillion *big.Rat
	tiers      map[string][]tier // per GB-second, keyed by architecture
}

type s3Region struct {
	getPer1000 *big.Rat
	putPer1000 *big.Rat // PUT, COPY, POST and LIST share this price
}

// table is the whole decoded price file: every Region it knows of.
type table struct {
	date, currency, defaultRegion string
	sources                       map[string]string // service section → source

	freeTransitions    *big.Rat
	freeLambdaRequests *big.Rat
	freeLambdaGBs      *big.Rat

	standard map[string]standardRegion
	express  map[string]expressRegion
	lambda   map[string]lambdaRegion
	s3       map[string]s3Region
}

// Top-level section names; also the keys of table.sources.
const (
	secStandard = "standard"
	secExpress  = "express"
	secLambda   = "lambda"
	secS3       = "s3"
)

// decodeTable turns a generic JSON tree into a table, reporting every
// problem with its JSON pointer.
func decodeTable(doc any) (*table, error) {
	rd := &reader{}
	root := rd.object(doc, "", "date", "currency", "defaultRegion", "rounding",
		secStandard, secExpress, secLambda, secS3)
	if root == nil {
		return nil, rd.err()
	}
	t := &table{sources: map[string]string{}}
	t.date = rd.str(root, "", "date", "2025")
	t.currency = rd.str(root, "", "currency", "USD")
	if t.currency != "" && t.currency != "USD" {
		// Amount.String prints "$"; another currency would be mislabelled.
		rd.fail("/currency", "only \"USD\" is supported, got %q", t.currency)
	}
	t.defaultRegion = rd.str(root, "", "defaultRegion", "us-east-1")

	if v, ok := rd.member(root, "", secStandard, "an object"); ok {
		ptr := "/" + secStandard
		if m := rd.object(v, ptr, "source", "freeTransitionsPerMonth", "regions"); m != nil {
			t.sources[secStandard] = rd.str(m, ptr, "source", "https://aws.amazon.com/step-functions/pricing/")
			t.freeTransitions = rd.decimal(m, ptr, "freeTransitionsPerMonth", "4000")
			t.standard = decodeRegions(rd, m, ptr, func(m map[string]any, ptr string) standardRegion {
				return standardRegion{per1000: rd.decimal(m, ptr, "transitionsPer1000", "0.025")}
			}, "transitionsPer1000")
		}
	}
	if v, ok := rd.member(root, "", secExpress, "an object"); ok {
		ptr := "/" + secExpress
		if m := rd.object(v, ptr, "source", "regions"); m != nil {
			t.sources[secExpress] = rd.str(m, ptr, "source", "https://aws.amazon.com/step-functions/pricing/")
			t.express = decodeRegions(rd, m, ptr, func(m map[string]any, ptr string) expressRegion {
				return expressRegion{
					perMillion: rd.decimal(m, ptr, "requestsPerMillion", "1.00"),
					tiers:      decodeTiers(rd, m, ptr, "durationTiers", "upToGBHours", "perGBHour", "perGBSecondListed"),
				}
			}, "requestsPerMillion", "durationTiers")
		}
	}
	if v, ok := rd.member(root, "", secLambda, "an object"); ok {
		ptr := "/" + secLambda
		if m := rd.object(v, ptr, "source", "freeRequestsPerMonth", "freeGBSecondsPerMonth", "regions"); m != nil {
			t.sources[secLambda] = rd.str(m, ptr, "source", "https://aws.amazon.com/lambda/pricing/")
			t.freeLambdaRequests = rd.decimal(m, ptr, "freeRequestsPerMonth", "1000000")
			t.freeLambdaGBs = rd.decimal(m, ptr, "freeGBSecondsPerMonth", "400000")
			t.lambda = decodeRegions(rd, m, ptr, func(m map[string]any, ptr string) lambdaRegion {
				r := lambdaRegion{
					perMillion: rd.decimal(m, ptr, "requestsPerMillion", "0.20"),
					tiers:      map[string][]tier{},
				}
				v, ok := rd.member(m, ptr, "durationTiers", `an object {"x86_64": [...], "arm64": [...]}`)
				if !ok {
					return r
				}
				tptr := pointerJoin(ptr, "durationTiers")
				if archs := rd.object(v, tptr, ArchX86, ArchARM); archs != nil {
					// One architecture may be given alone; the other then
					// comes from the default Region (resolve).
					for _, arch := range []string{ArchX86, ArchARM} {
						if _, given := archs[arch]; given || len(archs) == 0 {
							r.tiers[arch] = decodeTiers(rd, archs, tptr, arch, "upToGBSeconds", "perGBSecond", "")
						}
					}
				}
				return r
			}, "requestsPerMillion", "durationTiers")
		}
	}
	if v, ok := rd.member(root, "", secS3, "an object"); ok {
		ptr := "/" + secS3
		if m := rd.object(v, ptr, "source", "regions"); m != nil {
			t.sources[secS3] = rd.str(m, ptr, "source", "https://aws.amazon.com/s3/pricing/")
			t.s3 = decodeRegions(rd, m, ptr, func(m map[string]any, ptr string) s3Region {
				return s3Region{
					getPer1000: rd.decimal(m, ptr, "getPer1000", "0.0004"),
					putPer1000: rd.decimal(m, ptr, "putCopyPostListPer1000", "0.005"),
				}
			}, "getPer1000", "putCopyPostListPer1000")
		}
	}
	checkDefaultRegion(rd, t)
	if err := rd.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// decodeRegions reads a section's "regions" object, one entry per Region.
func decodeRegions[R any](rd *reader, section map[string]any, ptr string,
	one func(m map[string]any, ptr string) R, fields ...string) map[string]R {
	out := map[string]R{}
	v, ok := rd.member(section, ptr, "regions", `an object keyed by Region, e.g. {"us-east-1": {...}}`)
	if !ok {
		return out
	}
	ptr = pointerJoin(ptr, "regions")
	regions := rd.object(v, ptr)
	for _, name := range sortedKeys(regions) {
		rptr := pointerJoin(ptr, name)
		if m := rd.object(regions[name], rptr, fields...); m != nil {
			// Region names are case-insensitive (--region is lowercased).
			out[strings.ToLower(name)] = one(m, rptr)
		}
	}
	return out
}

// decodeTiers reads an array of tiers: every tier but the last has a
// strictly increasing cumulative bound (boundKey); the last is open-ended.
// extraKey names an optional informational price that is checked but unused.
func decodeTiers(rd *reader, m map[string]any, ptr, key, boundKey, priceKey, extraKey string) []tier {
	want := `an array of tiers like [{"` + boundKey + `": "1000", "` + priceKey + `": "0.06"}, {"` + priceKey + `": "0.03"}]`
	v, ok := rd.member(m, ptr, key, want)
	if !ok {
		return nil
	}
	ptr = pointerJoin(ptr, key)
	arr, isArr := v.([]any)
	if !isArr || len(arr) == 0 {
		rd.fail(ptr, "expected %s, got %s", want, describe(v))
		return nil
	}
	allowed := []string{boundKey, priceKey}
	if extraKey != "" {
		allowed = append(allowed, extraKey)
	}
	tiers := make([]tier, 0, len(arr))
	var prev *big.Rat
	for i, item := range arr {
		iptr := pointerJoin(ptr, strconv.Itoa(i))
		tm := rd.object(item, iptr, allowed...)
		if tm == nil {
			continue
		}
		t := tier{price: rd.decimal(tm, iptr, priceKey, "0.06")}
		if extraKey != "" {
			if x, ok := tm[extraKey]; ok {
				rd.decimalValue(x, pointerJoin(iptr, extraKey), `a non-negative decimal such as "0.00001667"`)
			}
		}
		b, hasBound := tm[boundKey]
		last := i == len(arr)-1
		switch {
		case last && hasBound:
			rd.fail(pointerJoin(iptr, boundKey), "the last tier must be open-ended; remove %q", boundKey)
		case !last && !hasBound:
			rd.fail(pointerJoin(iptr, boundKey), "missing; expected the tier's cumulative upper bound (only the last tier is open-ended)")
		case !last:
			t.upTo = rd.decimalValue(b, pointerJoin(iptr, boundKey), `a decimal such as "1000"`)
			if t.upTo != nil && ((prev == nil && t.upTo.Sign() <= 0) || (prev != nil && t.upTo.Cmp(prev) <= 0)) {
				rd.fail(pointerJoin(iptr, boundKey), "expected a bound greater than the previous tier's (%s)", formatDecimal(orZero(prev)))
			}
			prev = t.upTo
		}
		tiers = append(tiers, t)
	}
	return tiers
}

// checkDefaultRegion makes sure the fallback Region has every price, since
// Regions missing from a section borrow its prices.
func checkDefaultRegion(rd *reader, t *table) {
	if t.defaultRegion == "" {
		return
	}
	missing := func(sec string, ok bool) {
		if !ok {
			rd.fail("/defaultRegion", "%q has no entry in /%s/regions; expected a Region priced in every section", t.defaultRegion, sec)
		}
	}
	_, ok := t.standard[t.defaultRegion]
	missing(secStandard, ok || t.standard == nil)
	_, ok = t.express[t.defaultRegion]
	missing(secExpress, ok || t.express == nil)
	_, ok = t.lambda[t.defaultRegion]
	missing(secLambda, ok || t.lambda == nil)
	_, ok = t.s3[t.defaultRegion]
	missing(secS3, ok || t.s3 == nil)
}

func orZero(r *big.Rat) *big.Rat {
	if r == nil {
		return new(big.Rat)
	}
	return r
}
