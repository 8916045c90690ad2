#pragma once
// Training of the NER tagger (NerModel) from CoNLL-2003 style data.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace eg {

/// Summary of a training run.
struct NerTrainStats {
  size_t sentences = 0;
  size_t tokens = 0;
  int epochs = 0;
  double seconds = 0.0;
  double last_epoch_token_accuracy = 0.0;
};

/// One CoNLL sentence: words and IOB2 labels (IOB1 input is converted).
struct ConllSentence {
  std::vector<std::string> words;
  std::vector<std::string> labels;
  size_t document = 0;  ///< index of the document (-DOCSTART- sections) in the file
};

/// Reads `token ... NER` lines (last column is the label; -DOCSTART- and blank lines separate
/// sentences). Throws EnvironmentError if unreadable, InputError (file:line) if malformed.
[[nodiscard]] std::vector<ConllSentence> read_conll_labelled(const std::filesystem::path& file);

/// Trains an averaged perceptron on `conll_train` for `epochs` passes (<= 0: the default, 12;
/// passes over documents in a deterministic shuffled order),
/// using the gazetteers and word clusters of the default data folder, and writes the model to
/// `out_model`. Progress lines go to `log`. Throws like read_conll_labelled and NerModel::save.
[[nodiscard]] NerTrainStats train_ner(const std::filesystem::path& conll_train,
                                      const std::filesystem::path& out_model, int epochs,
                                      std::ostream& log);

}  // namespace eg
