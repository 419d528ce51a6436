#!/usr/bin/env python3
"""Why `tracker extract` misses PolNeAR speech attributions: a diagnostic.

Usage: polnear-misses.py TRACKER [SPLIT_DIR] [--examples N] [--class NAME] [--json FILE]

Runs TRACKER extract on every article of SPLIT_DIR (default: the train split)
and matches its statements to the gold attributions exactly as
../shared/tools/polnear-score does (it loads that script for its reader, its
SPEECH cue test and its overlap rule), then classifies each *missed* speech
attribution:

  none        no statement overlaps the gold content at all
  long-left   a statement overlaps it but lies less than half inside, and
              starts before the content (it runs into the words before)
  long-right  the same, running past the content's end
  long-both   the same, on both sides
  merged      a statement too long for it lies mostly inside another gold
              content (two attributions joined, or one nested in another)
  short       statements lie inside it but cover less than half of it
  split-part  several statements lie inside it and each alone is short

Prints one line a class (count, share of the misses), for `none` the cue
words most often missed, and the wrong speakers of located attributions
and the statements that lie in no gold content, by the rule that found
them (--class speaker or --class false with --examples N shows them).  With --examples N it prints N examples of each
class (or of --class NAME alone): these are article text, for the developer's
eyes only: never commit them.  Never run it on the test split.
"""
import collections, importlib.machinery, importlib.util, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCORER = os.path.join(HERE, '..', '..', '..', 'shared', 'tools', 'polnear-score')


def load_scorer(path):
    loader = importlib.machinery.SourceFileLoader('polnear_score', path)
    spec = importlib.util.spec_from_loader('polnear_score', loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def classify(g, preds, gold, ov):
    """The class of missed gold attribution g among the statements preds."""
    content = g['content']
    glen = sum(y - x for x, y in content)
    gs, ge = min(x for x, _ in content), max(y for _, y in content)
    touching = [(a, b, o) for a, b, o in preds if ov(content, (a, b)) > 0]
    if not touching:
        return 'none', None
    inside = [(a, b, o) for a, b, o in touching if ov(content, (a, b)) >= 0.5 * max(1, b - a)]
    outside = [(a, b, o) for a, b, o in touching if ov(content, (a, b)) < 0.5 * max(1, b - a)]
    if outside and not inside:
        a, b, o = max(outside, key=lambda t: ov(content, (t[0], t[1])))
        others = [h for h in gold if h is not g and ov(h['content'], (a, b)) >= 0.5 * max(1, b - a)]
        if others:
            return 'merged', (a, b, o)
        left, right = a < gs, b > ge
        return ('long-both' if left and right else 'long-left' if left else 'long-right'), (a, b, o)
    if len(inside) > 1:
        return 'split-part', inside[0]
    return 'short', inside[0]


def main():
    args = sys.argv[1:]
    opts = {}
    for key in ('--examples', '--class', '--json', '--scorer'):
        if key in args:
            i = args.index(key)
            opts[key] = args[i + 1]
            del args[i:i + 2]
    if not args:
        print(__doc__.strip().split('\n\n')[1])
        sys.exit(64)
    sc = load_scorer(opts.get('--scorer', SCORER))
    tracker = args[0]
    split = args[1] if len(args) > 1 else os.path.join(os.path.dirname(SCORER), '..', 'data', 'polnear', 'train')
    if os.path.basename(os.path.normpath(split)) == 'test':
        sys.exit('polnear-misses: never on the test split')
    dates = sc.metadata(os.path.join(split, '..', 'metadata.tsv'))
    names = sorted(f[:-4] for f in os.listdir(os.path.join(split, 'text')) if f.endswith('.txt'))
    anns = sorted(os.listdir(os.path.join(split, 'attributions')))
    counts = collections.Counter()
    cues = collections.Counter()
    examples = collections.defaultdict(list)
    nex = int(opts.get('--examples', 0))
    speech_total = 0
    spk = collections.Counter()
    prec = collections.Counter()
    for name in names:
        ann = next((a for a in anns if a.startswith(name + '_')), None)
        if not ann:
            continue
        gold = sc.read_ann(os.path.join(split, 'attributions', ann))
        path = os.path.join(split, 'text', name + '.txt')
        text = open(path, encoding='utf-8').read()
        b2c = sc.byte_to_char(text)
        date = dates.get(name) or re.search(r'_(\d{4}-\d{2}-\d{2})_', name).group(1)
        p = subprocess.run([tracker, 'extract', '--published', date, path], capture_output=True, text=True)
        preds = []
        for line in p.stdout.splitlines():
            o = json.loads(line)
            s = o.get('span') or [0, 0]
            preds.append((b2c[min(s[0], len(b2c) - 1)], b2c[min(s[1], len(b2c) - 1)], o))
        for a, b, o in preds:
            ok = any(sc.overlap(g['content'], (a, b)) >= 0.5 * max(1, b - a) for g in gold)
            prec[(o.get('rule'), ok)] += 1
            if not ok and nex and opts.get('--class') == 'false' and len(examples['false']) < nex:
                examples['false'].append(dict(rule=o.get('rule'), speaker=o.get('speaker'),
                                              cue=o.get('cue'), text=o.get('text')[:100]))
        for g in gold:
            if not sc.SPEECH.search(g['cue'] or ''):
                continue
            speech_total += 1
            glen = sum(y - x for x, y in g['content'])
            inside = [(sc.overlap(g['content'], (a, b)), o) for a, b, o in preds
                      if sc.overlap(g['content'], (a, b)) >= 0.5 * max(1, b - a)]
            if inside and glen and sum(ov for ov, _ in inside) >= 0.5 * glen:
                counts['located'] += 1
                hit = max(inside, key=lambda t: t[0])[1]
                src = g['source'].strip()
                if src and not sc.PRONOUN.match(src):
                    words = [w for w in re.findall(r"[\w'’.-]+", str(hit.get('speaker') or '')) if len(w) >= 3]
                    ok = any(w.lower().strip('.') in src.lower() for w in words)
                    spk[(hit.get('rule'), ok)] += 1
                    if not ok and nex and opts.get('--class') == 'speaker' and len(examples['speaker']) < nex:
                        examples['speaker'].append(dict(rule=hit.get('rule'), speaker=hit.get('speaker'),
                                                        gold=src, cue=hit.get('cue'), text=hit.get('text')[:80]))
                continue
            cls, hit = classify(g, preds, gold, sc.overlap)
            counts[cls] += 1
            if cls == 'none':
                cues[re.sub(r'\s+', ' ', g['cue'].lower().strip())] += 1
            if nex and len(examples[cls]) < nex and opts.get('--class', cls) == cls:
                gs = min(x for x, _ in g['content'])
                ge = max(y for _, y in g['content'])
                ctx = text[max(0, gs - 160):ge + 60].replace('\n', ' / ')
                examples[cls].append(dict(article=name, cue=g['cue'], source=g['source'],
                                          gold=g['content_text'], context=ctx,
                                          statement=hit[2]['text'] if hit else None,
                                          rule=hit[2].get('rule') if hit else None))
    missed = speech_total - counts['located']
    print(f"polnear-misses {os.path.basename(os.path.normpath(split))}: speech {speech_total}, "
          f"located {counts['located']}, missed {missed}")
    for cls in ('none', 'long-left', 'long-right', 'long-both', 'merged', 'short', 'split-part'):
        print(f"  {cls:<11} {counts[cls]:5d}  {100.0 * counts[cls] / max(1, missed):5.1f}%")
    print("  cues most often missed with no statement near:",
          ', '.join(f"{c} {n}" for c, n in cues.most_common(25)))
    rules = sorted({r for r, _ in spk})
    print("  wrong speakers by rule:", ', '.join(f"{r} {spk[(r, False)]}/{spk[(r, False)] + spk[(r, True)]}"
                                               for r in rules if spk[(r, False)]))
    rules = sorted({r for r, _ in prec})
    print("  false statements by rule:", ', '.join(f"{r} {prec[(r, False)]}/{prec[(r, False)] + prec[(r, True)]}"
                                                 for r in rules if prec[(r, False)]))
    for cls, rows in examples.items():
        print(f"\n== {cls}")
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    if '--json' in opts:
        json.dump(dict(counts=counts, cues=cues.most_common()), open(opts['--json'], 'w'), indent=1)


if __name__ == '__main__':
    main()
