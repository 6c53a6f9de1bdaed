package io.marketflow.ingest.social.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.marketflow.registry.Company;

/**
 * The keywords of one cycle: the static financial list, then each active company's ticker, name and related word
 * (longer than one character, as the original), deduplicated case-insensitively. Rebuilt every cycle from the
 * registry's current companies, so a change in {@code companies_info} is picked up without a restart.
 */
public final class Keywords {

    private Keywords() {
    }

    /**
     * @param general the static financial keywords
     * @param companies the active companies
     * @return the keywords in search order; a company keyword that equals a general one keeps the company's ticker
     */
    public static List<Keyword> of(List<String> general, List<Company> companies) {
        Map<String, Keyword> byText = new LinkedHashMap<>();
        for (String g : general) {
            String t = g.trim();
            if (t.length() > 1) {
                byText.putIfAbsent(t.toLowerCase(Locale.ROOT), new Keyword(t, null));
            }
        }
        for (Company c : companies) {
            List<String> terms = new ArrayList<>();
            terms.add(c.ticker());
            terms.add(c.companyName());
            c.relatedWords().ifPresent(terms::add);
            for (String term : terms) {
                String t = term == null ? "" : term.trim();
                if (t.length() <= 1) {
                    continue;
                }
                String key = t.toLowerCase(Locale.ROOT);
                Keyword existing = byText.get(key);
                if (existing == null || existing.general()) {
                    byText.put(key, new Keyword(t, c.ticker()));
                }
            }
        }
        return List.copyOf(byText.values());
    }
}
