// The parts of @nlpjs/lang-en-min and @nlpjs/lang-fr the learning loop uses (they ship no types).
declare module "@nlpjs/lang-en-min" {
  export class NormalizerEn {
    normalize(text: string): string;
  }
  export class TokenizerEn {
    tokenize(text: string, normalize?: boolean): string[];
  }
  export class StemmerEn {
    stemWord(word: string): string;
  }
  export class StopwordsEn {
    isStopword(word: string): boolean;
  }
}
declare module "@nlpjs/lang-fr" {
  export class NormalizerFr {
    normalize(text: string): string;
  }
  export class TokenizerFr {
    tokenize(text: string, normalize?: boolean): string[];
  }
  export class StemmerFr {
    stemWord(word: string): string;
  }
  export class StopwordsFr {
    isStopword(word: string): boolean;
  }
}
