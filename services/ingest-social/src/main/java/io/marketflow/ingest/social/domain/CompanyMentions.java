package io.marketflow.ingest.social.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.marketflow.registry.Company;

/**
 * Which company of {@code companies_info} a post found by a general keyword names, so it counts for that company
 * rather than the market: its cashtag ({@code $AAPL}, any case) or its company name as a whole word, written as the
 * registry has it or in capitals ({@code Apple}, {@code APPLE}; not {@code apple}, which is as often the fruit). The
 * earliest mention in the text wins. Built per cycle from the active companies.
 */
public final class CompanyMentions {

    /** No companies: every general-keyword post stays general. */
    public static final CompanyMentions NONE = new CompanyMentions(List.of());

    private record Mention(Pattern pattern, String ticker) {
    }

    private final List<Mention> mentions;

    private CompanyMentions(List<Mention> mentions) {
        this.mentions = mentions;
    }

    /**
     * @param companies the active companies
     * @return their mentions
     */
    public static CompanyMentions of(List<Company> companies) {
        List<Mention> mentions = new ArrayList<>();
        for (Company c : companies) {
            mentions.add(new Mention(Pattern.compile("\\$" + Pattern.quote(c.ticker()) + "(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE),
                    c.ticker()));
            String name = c.companyName() == null ? "" : c.companyName().trim();
            if (name.length() > 1) {
                mentions.add(new Mention(Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + Pattern.quote(name) + "|"
                        + Pattern.quote(name.toUpperCase(Locale.ROOT)) + ")(?![\\p{L}\\p{N}])"), c.ticker()));
            }
        }
        return new CompanyMentions(List.copyOf(mentions));
    }

    /**
     * @param text a post's text
     * @return the ticker of the company it names first, null when it names none
     */
    public String ticker(String text) {
        String ticker = null;
        int first = Integer.MAX_VALUE;
        for (Mention m : mentions) {
            Matcher matcher = m.pattern().matcher(text);
            if (matcher.find() && matcher.start() < first) {
                first = matcher.start();
                ticker = m.ticker();
            }
        }
        return ticker;
    }
}
