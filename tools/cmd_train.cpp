// eventgraph train ner: train the averaged-perceptron NER model on CoNLL-2003-style data.

#include <iostream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/ner_train.hpp"
#include "tools/command.hpp"

namespace eg::cli {

Run setup_train(CLI::App& sub) {
  struct Opts {
    std::string conll, out;
    int epochs = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* ner = sub.add_subcommand("ner", "Train the named-entity tagger");
  ner->add_option("--conll", o->conll, "Training data (CoNLL-2003: token POS chunk NER)")
      ->required()
      ->check(CLI::ExistingFile);
  ner->add_option("-o,--output", o->out, "Model file to write (e.g. core/data/ner/model.bin)")
      ->required();
  ner->add_option("--epochs", o->epochs, "Training epochs (0 = default)");
  sub.require_subcommand(1);
  return [o]() -> int {
    NerTrainStats st = train_ner(o->conll, o->out, o->epochs, std::cerr);
    fmt::print(stderr, "{}: {} sentences, {} tokens, {} epochs in {:.1f} s (last epoch token accuracy {:.2f}%)\n",
               o->out, st.sentences, st.tokens, st.epochs, st.seconds, 100.0 * st.last_epoch_token_accuracy);
    return 0;
  };
}

}  // namespace eg::cli
