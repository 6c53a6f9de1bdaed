package io.marketflow.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into lower-case word tokens; hyphens and punctuation separate words, apostrophes and % stay. */
final class Tokens {

    private Tokens() {
    }

    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            // '.' and ',' inside a number ("3.5", "1,200") keep the number one token; elsewhere they separate words.
            boolean inNumber = (c == '.' || c == ',') && word.length() > 0 && Character.isDigit(word.charAt(word.length() - 1))
                    && i + 1 < lower.length() && Character.isDigit(lower.charAt(i + 1));
            if (Character.isLetterOrDigit(c) || c == '\'' || c == '%' || c == '$' || inNumber) {
                word.append(c);
            } else if (word.length() > 0) {
                add(out, word);
            }
        }
        if (word.length() > 0) {
            add(out, word);
        }
        return out;
    }

    private static void add(List<String> out, StringBuilder word) {
        String w = word.toString();
        word.setLength(0);
        // "company's" → "company": the possessive carries no sentiment and would hide the lexicon entry.
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        w = w.replace("'", "");
        if (!w.isEmpty()) {
            out.add(w);
        }
    }
}
