import os
import argparse
import glob
from pathlib import Path
from typing import List

import pandas as pd
import numpy as np
import joblib
import sklearn
import mlflow
from sklearn.impute import SimpleImputer
