using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// Turns source text into tokens: a hand-written scanner, one character of lookahead at a time.
/// Trivia (whitespace, comments, a BOM) is skipped in exactly one place: <see cref="SkipTrivia"/>,
/// after the optional BOM and shebang and after every token.
/// The lexer never fails: an unknown character becomes a <see cref="TokenKind.BadCharacter"/> token and
/// a malformed literal carries <see cref="Token.Error"/>, so the parser can still report everything else.
/// </summary>
/// <remarks>
/// Hand-written rather than built from Pidgin character parsers (as it first was) for start-up time:
/// building the combinators and JIT-compiling their generic instantiations over <c>char</c> cost
/// about 45 ms on the first compile of a process — most of <c>wyn-host hello.wyn</c>'s compile time,
/// and ReadyToRun cannot precompile them (docs/host.md, "Start-up time"). The token stream is the one
/// the combinator lexer produced, with one deliberate difference: <c>0x</c> / <c>0b</c> without digits
/// is an integer token with an error instead of making the whole file unreadable.
/// </remarks>
internal static partial class Lexer
{
    /// <summary>Lexes the whole text. Appends an end-of-file token; marks the first token of each line.</summary>
    public static List<Token> Lex(SourceText source)
    {
        var text = source.Text;
        var cursor = new Cursor(text);
        if (cursor.Peek() == '\uFEFF')
        {
            cursor.Position++;
        }

        if (cursor.StartsWith("#!"))
        {
            cursor.SkipToEndOfLine();
        }

        SkipTrivia(cursor);
        var lexed = new List<Token>();
        var previousLine = -1;
        while (!cursor.AtEnd)
        {
            var token = ReadToken(cursor);
            SkipTrivia(cursor);
            var line = source.GetLineIndex(token.Span.Start);
            lexed.Add(line != previousLine ? token with { IsFirstOnLine = true } : token);
            previousLine = line;
        }

        lexed.Add(new Token(TokenKind.EndOfFile, "end of file", new TextSpan(text.Length, 0)) { IsFirstOnLine = true });
        return lexed;
    }

    /// <summary>Whitespace, the BOM character, <c>// line</c> and <c>/* block */</c> comments (an unclosed block comment is left for <see cref="ReadToken"/>).</summary>
    private static void SkipTrivia(Cursor cursor)
    {
        while (!cursor.AtEnd)
        {
            var c = cursor.Peek();
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                cursor.Position++;
            }
            else if (cursor.StartsWith("//"))
            {
                cursor.SkipToEndOfLine();
            }
            else if (cursor.StartsWith("/*"))
            {
                var close = cursor.Text.IndexOf("*/", cursor.Position + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    return;   // unclosed: ReadToken turns it into an error token (it would hide the rest of the file)
                }

                cursor.Position = close + 2;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>One token at a non-trivia, non-end position; the first character decides its kind.</summary>
    private static Token ReadToken(Cursor cursor)
    {
        var start = cursor.Position;
        var c = cursor.Peek();
        if (cursor.StartsWith("/*"))
        {
            // Only an unclosed block comment gets here (SkipTrivia skips closed ones). Silently running
            // it to the end of the file would drop the code after it, main included: report it.
            cursor.Position = cursor.Text.Length;
            return new Token(TokenKind.BadCharacter, "/*", new TextSpan(start, 2))
            {
                Error = "unterminated block comment: '/*' has no closing '*/'",
            };
        }

        if (c == '*' && cursor.Peek(1) == '/' && cursor.Peek(2) is not ('*' or '/'))
        {
            // `/* a /* b */ c */`: comments do not nest (§1), so the last `*/` is outside any comment.
            // No expression can continue with `*` `/` (`2*/* c */3` and `2*// c` are excluded above), so
            // say so instead of "expected expression, found '/'" (sweep 5, program 275).
            cursor.Position += 2;
            return new Token(TokenKind.BadCharacter, "*/", cursor.SpanFrom(start))
            {
                Error = "'*/' outside a comment: block comments do not nest, so the first '*/' ended the comment",
            };
        }

        if (c is '"' or '\'')
        {
            return ReadString(cursor, c);
        }

        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(cursor);
        }

        if (IsIdentifierStart(c) || NonAsciiLetterLength(cursor.Text, cursor.Position, start: true) > 0)
        {
            return ReadWord(cursor);
        }

        if (Continuations.TryGetValue(c, out var continuations))
        {
            return ReadPunctuation(cursor, continuations);
        }

        cursor.Position++;
        return new Token(TokenKind.BadCharacter, c.ToString(), cursor.SpanFrom(start))
        {
            // A control character is named, not printed: echoed raw it would reach the user's terminal.
            Error = char.IsControl(c) ? $"unexpected character U+{(int)c:X4}" : $"unexpected character '{c}'",
        };
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c);

    /// <summary>
    /// A word: ASCII letters, digits and '_' (§1). Letters outside ASCII (`é`, `日`) are read into the
    /// word too, and the word is an identifier token with an error, so `var é = 1` is one error at the
    /// name instead of an unexpected character followed by "expected identifier" (and each use of the
    /// name is one error, not two).
    /// </summary>
    private static Token ReadWord(Cursor cursor)
    {
        var start = cursor.Position;
        var nonAscii = false;
        while (!cursor.AtEnd)
        {
            if (IsIdentifierPart(cursor.Peek()))
            {
                cursor.Position++;
            }
            else if (NonAsciiLetterLength(cursor.Text, cursor.Position, start: false) is > 0 and var length)
            {
                cursor.Position += length;
                nonAscii = true;
            }
            else
            {
                break;
            }
        }

        var word = cursor.Text[start..cursor.Position];
        if (nonAscii)
        {
            return new Token(TokenKind.Identifier, word, cursor.SpanFrom(start))
            {
                Error = $"identifier '{word}' has characters outside ASCII: names use only A-Z, a-z, 0-9 and '_'",
            };
        }

        var kind = Keywords.Reserved.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier;
        return new Token(kind, word, cursor.SpanFrom(start));
    }

    /// <summary>The UTF-16 length of a non-ASCII letter (or, inside a word, a combining mark) at <paramref name="position"/>; 0 if there is none.</summary>
    private static int NonAsciiLetterLength(string text, int position, bool start)
    {
        if (position >= text.Length || text[position] < 0x80 || !System.Text.Rune.TryGetRuneAt(text, position, out var rune))
        {
            return 0;
        }

        var category = System.Text.Rune.GetUnicodeCategory(rune);
        var isLetter = System.Text.Rune.IsLetter(rune)
            || (!start && category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark);
        return isLetter ? rune.Utf16SequenceLength : 0;
    }

    // Operators are read as a first character plus an optional continuation chosen by that character,
    // tried in order, so longest match wins: `..=` over `..`, `==` over `=`.
    private static readonly Dictionary<char, string[]> Continuations = new()
    {
        ['.'] = [".=", "..", "."],
        ['-'] = [">", "=", "-"],
        ['='] = [">", "="],
        ['!'] = ["="],
        ['<'] = ["="],
        ['>'] = ["="],
        ['&'] = ["&"],
        ['|'] = ["|"],
        ['+'] = ["=", "+"],
        ['*'] = ["=", "*"],   // `**` is not Wyn; one token so the error can say so (program 281)
        ['/'] = ["="],
        ['%'] = ["="],
        ['('] = [], [')'] = [], ['['] = [], [']'] = [], ['{'] = [], ['}'] = [], [','] = [], [':'] = [], [';'] = [], ['?'] = [],
    };

    private static Token ReadPunctuation(Cursor cursor, string[] continuations)
    {
        var start = cursor.Position;
        cursor.Position++;
        foreach (var rest in continuations)
        {
            if (cursor.StartsWith(rest))
            {
                cursor.Position += rest.Length;
                break;
            }
        }

        return new Token(TokenKind.Punctuation, cursor.Text[start..cursor.Position], cursor.SpanFrom(start));
    }

    /// <summary>The text being lexed and the current position in it.</summary>
    private sealed class Cursor(string text)
    {
        public string Text { get; } = text;

        public int Position { get; set; }

        public bool AtEnd => Position >= Text.Length;

        /// <summary>The character at <see cref="Position"/> plus <paramref name="offset"/>, or '\0' past the end.</summary>
        public char Peek(int offset = 0) => Position + offset < Text.Length ? Text[Position + offset] : '\0';

        public bool StartsWith(string value) => Text.AsSpan(Position).StartsWith(value, StringComparison.Ordinal);

        public void SkipWhile(Func<char, bool> predicate)
        {
            while (Position < Text.Length && predicate(Text[Position]))
            {
                Position++;
            }
        }

        public void SkipToEndOfLine() => SkipWhile(c => c != '\n');

        public TextSpan SpanFrom(int start) => TextSpan.FromBounds(start, Position);
    }
}
