"""Statistical methods of the equity analytics (pure Python; no Django).

* :mod:`.rates` — proportions (Wilson), rates (Byars / exact), means (t), DSR (Dobson), ISR;
* :mod:`.stdpop` — shipped and user standard populations;
* :mod:`.sii` — PHE slope and relative index of inequality (``phe_sii``);
* :mod:`.heat` — WHO HEAT summary measures;
* :mod:`.summarize` — HEAT Plus upload file → one record per measure.

Every method and its source is described in ``docs/methods.md``.
"""

from .errors import HeatCsvError, MethodInputError, StandardPopulationError
from .heat import MEASURES, Dimension, Subgroup, summary_measure, summary_measures
from .rates import dsr, isr_rate, isr_ratio, mean, proportion, rate
from .results import Estimate
from .sii import SiiResult, ValueType, phe_sii
from .stdpop import StandardPopulation, load_standard_population, standard_population
from .summarize import HeatRow, Record, read_heat_csv, summarize_csv, summarize_rows

__all__ = [
    "MEASURES",
    "Dimension",
    "Estimate",
    "HeatCsvError",
    "HeatRow",
    "MethodInputError",
    "Record",
    "SiiResult",
    "StandardPopulation",
    "StandardPopulationError",
    "Subgroup",
    "ValueType",
    "dsr",
    "isr_rate",
    "isr_ratio",
    "load_standard_population",
    "mean",
    "phe_sii",
    "proportion",
    "rate",
    "read_heat_csv",
    "standard_population",
    "summarize_csv",
    "summarize_rows",
    "summary_measure",
    "summary_measures",
]
